// The process-wide interrupt flag. A SIGINT handler may only touch a volatile
// sig_atomic_t, so the flag lives here in C, once per process; the engine, the
// interpreter and the training loop poll it at safe points.
#ifndef LLAL_INTERRUPT_H
#define LLAL_INTERRUPT_H

/// Marks an interrupt as requested (async-signal-safe).
void llal_interrupt_request(void);
/// Whether an interrupt is pending.
int llal_interrupt_pending(void);
/// Clears the flag, returning whether it was set.
int llal_interrupt_take(void);
/// Installs a SIGINT handler that only sets the flag, without SA_RESTART, so that a
/// blocked read returns EINTR. Returns 0 on success.
int llal_interrupt_install_sigint(void);
/// Restores the default SIGINT action.
int llal_interrupt_restore_sigint(void);
/// For a batch run: SIGINT and SIGTERM set the flag for good (llal_interrupt_take no
/// longer clears it) and record the signal; a second one ends the process at once with
/// status 128 + its number. Returns 0 on success.
int llal_interrupt_install_stop_handlers(void);
/// The signal that asked a batch run to stop, or 0.
int llal_interrupt_stop_signal(void);

#endif
