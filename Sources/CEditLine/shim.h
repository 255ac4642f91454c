// libedit for Swift: el_set, el_get and history are C variadic functions, which Swift
// cannot call, so each use we need gets a non-variadic inline wrapper here. The C
// standard streams are returned from functions because Swift 6 cannot reference them.
#ifndef LLAL_CEDITLINE_SHIM_H
#define LLAL_CEDITLINE_SHIM_H

#include <histedit.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

static inline FILE *llal_stdin(void) { return stdin; }
static inline FILE *llal_stdout(void) { return stdout; }
static inline FILE *llal_stderr(void) { return stderr; }

typedef char *(*llal_prompt_fn)(EditLine *);
typedef unsigned char (*llal_complete_fn)(EditLine *, int);

static inline int llal_el_set_prompt(EditLine *el, llal_prompt_fn f) {
  return el_set(el, EL_PROMPT, f);
}
static inline int llal_el_set_editor(EditLine *el, const char *mode) {
  return el_set(el, EL_EDITOR, mode);
}
static inline int llal_el_set_history(EditLine *el, History *h) {
  return el_set(el, EL_HIST, history, h);
}
static inline int llal_el_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }
static inline int llal_el_set_clientdata(EditLine *el, void *data) {
  return el_set(el, EL_CLIENTDATA, data);
}
static inline void *llal_el_get_clientdata(EditLine *el) {
  void *data = NULL;
  el_get(el, EL_CLIENTDATA, &data);
  return data;
}
static inline int llal_el_add_function(EditLine *el, const char *name, const char *help,
                                       llal_complete_fn f) {
  return el_set(el, EL_ADDFN, name, help, f);
}
static inline int llal_el_bind(EditLine *el, const char *key, const char *fn) {
  return el_set(el, EL_BIND, key, fn, NULL);
}
static inline int llal_history_setsize(History *h, HistEvent *ev, int n) {
  return history(h, ev, H_SETSIZE, n);
}
static inline int llal_history_setunique(History *h, HistEvent *ev, int unique) {
  return history(h, ev, H_SETUNIQUE, unique);
}
static inline int llal_history_enter(History *h, HistEvent *ev, const char *line) {
  return history(h, ev, H_ENTER, line);
}
static inline int llal_history_clear(History *h, HistEvent *ev) { return history(h, ev, H_CLEAR); }

static inline int llal_errno(void) { return errno; }

// The width of the terminal on `fd` in columns, or 0 when it is not a terminal (ioctl is
// variadic, so Swift cannot call it).
static inline int llal_terminal_columns(int fd) {
  struct winsize size;
  if (ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 0;
}

// Discards typed or pasted input the program has not read yet.
static inline int llal_discard_pending_input(int fd) { return tcflush(fd, TCIFLUSH); }

#endif
