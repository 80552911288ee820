#include "dingo/mailbox.h"

#include <cstring>

namespace dingo {

namespace {

TraceKind arrivalKind(Direction d) {
  switch (d) {
  case Direction::Incoming: return TraceKind::MessageIn;
  case Direction::Outgoing: return TraceKind::MessageOut;
  case Direction::Internal: return TraceKind::MessageLocal;
  }
  return TraceKind::MessageLocal;
}

} // namespace

MailboxBase::MailboxBase(Runtime &rt, const char *name, Direction direction)
    : rt_(rt), id_(rt.registerMailbox()), direction_(direction) {
  std::memset(name_, 0, sizeof name_);
  std::strncpy(name_, name ? name : "mailbox", sizeof name_ - 1);
}

MailboxBase::~MailboxBase() { rt_.forgetMailbox(*this); }

void MailboxBase::arrived(uint64_t seq, uint64_t traceWord) {
  rt_.record(arrivalKind(direction_), id_, 0, seq, traceWord, name_);
  if (hasHandler_) {
    rt_.noteArrival(*this);
    return;
  }
  for (udrv_wait_point *wp : waiters_)
    rt_.wakeAll(*wp);
}

void MailboxBase::taken(uint64_t seq, uint64_t traceWord) {
  rt_.record(TraceKind::Dispatch, id_, 0, seq, traceWord, name_);
}

} // namespace dingo
