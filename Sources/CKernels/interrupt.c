#include "interrupt.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t llal_interrupt_flag = 0;
// Set by the stop handlers of a batch run: the flag then stays set once raised.
static volatile sig_atomic_t llal_interrupt_sticky = 0;
// The signal that asked a batch run to stop, or 0.
static volatile sig_atomic_t llal_interrupt_signal = 0;

void llal_interrupt_request(void) { llal_interrupt_flag = 1; }

int llal_interrupt_pending(void) { return llal_interrupt_flag != 0; }

int llal_interrupt_take(void) {
  int was = llal_interrupt_flag != 0;
  if (!llal_interrupt_sticky) llal_interrupt_flag = 0;
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

static void llal_on_stop_signal(int sig) {
  if (llal_interrupt_signal != 0) {
    // A second signal: the work did not reach a safe point soon enough; end now.
    static const char message[] = "llal: stopped at once by a second signal\n";
    ssize_t ignored = write(2, message, sizeof message - 1);
    (void)ignored;
    _exit(128 + sig);
  }
  llal_interrupt_signal = sig;
  llal_interrupt_flag = 1;
}

int llal_interrupt_install_stop_handlers(void) {
  llal_interrupt_sticky = 1;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = llal_on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // NOTE: no SA_RESTART, so a blocked open or read returns EINTR
  if (sigaction(SIGINT, &sa, NULL) != 0) return -1;
  return sigaction(SIGTERM, &sa, NULL);
}

int llal_interrupt_stop_signal(void) { return llal_interrupt_signal; }
