// libzmq for Swift. The calls the kernel needs are plain C functions Swift can call
// directly; the shim adds only what Swift cannot reach: the errno of the calling thread
// as libzmq sets it, and int-valued socket options without pointer juggling.
#ifndef LLAL_CZEROMQ_SHIM_H
#define LLAL_CZEROMQ_SHIM_H

#include <zmq.h>

// Sets an int-valued option (ZMQ_LINGER, ZMQ_RCVTIMEO, ...); 0 on success.
static inline int llal_zmq_set_int(void *socket, int option, int value) {
  return zmq_setsockopt(socket, option, &value, sizeof value);
}

// Whether the message part last received on `socket` has more parts after it.
static inline int llal_zmq_has_more(void *socket) {
  int more = 0;
  size_t size = sizeof more;
  if (zmq_getsockopt(socket, ZMQ_RCVMORE, &more, &size) != 0) return 0;
  return more;
}

#endif
