#include "interrupt.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t llal_interrupt_flag = 0;

void llal_interrupt_request(void) { llal_interrupt_flag = 1; }

int llal_interrupt_pending(void) { return llal_interrupt_flag != 0; }

int llal_interrupt_take(void) {
  int was = llal_interrupt_flag != 0;
  llal_interrupt_flag = 0;
  return was;
}

static void llal_on_sigint(int sig) {
  (void)sig;
  llal_interrupt_flag = 1;
}

int llal_interrupt_install_sigint(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = llal_on_sigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // NOTE: no SA_RESTART, so el_gets/read return with EINTR
  return sigaction(SIGINT, &sa, NULL);
}

int llal_interrupt_restore_sigint(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = SIG_DFL;
  sigemptyset(&sa.sa_mask);
  return sigaction(SIGINT, &sa, NULL);
}
