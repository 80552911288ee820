// The Envelope codec over the capnp library (user side).
#include "sdm_cxx.h"

#include <kj/exception.h>

#include "graph.capnp.h"

namespace sdm {

const CxxType *EnvelopeCodec::find(const sdm_type *type) const {
  for (auto t = types_; *t; ++t)
    if ((*t)->base == type) return *t;
  return nullptr;
}

int EnvelopeCodec::encode(sdm_ctx *ctx, capnp::MessageBuilder &message, const sdm_root *roots,
                          uint32_t nroots, const uint64_t *freed, uint32_t nfreed) const {
  auto *rootIdx = static_cast<uint32_t *>(sdm_alloc(ctx, nroots * 4ull + 4, "roots"));
  if (!rootIdx || sdm_collect(ctx, roots, nroots, rootIdx)) return ctx->error;
  auto env = message.initRoot<sdmarshal::Envelope>();
  // Numbered as the C codec numbers it; versions for sdt_sync are the C
  // codec's alone (the split halves use it on both sides).
  sdm_number_message(ctx);
  env.setSeq(ctx->msg_seq);
  env.setAck(ctx->msg_ack);
  auto objs = env.initObjects(ctx->nobjs);
  sdm_note_fresh(ctx);
  for (uint32_t i = 0; i < ctx->nobjs && !ctx->error; i++) {
    const sdm_obj &o = ctx->objs[i];
    uint64_t sender, receiver;
    uint32_t container, offset, allocSize;
    sdm_object_addrs(ctx, i, &sender, &receiver);
    sdm_object_placement(ctx, i, &container, &offset, &allocSize);
    auto ob = objs[i];
    ob.setSenderAddr(sender);
    ob.setReceiverAddr(receiver);
    ob.setTypeId(o.type->type_id);
    ob.setCount(o.count);
    ob.setContainer(container);
    ob.setOffset(offset);
    ob.setAllocSize(allocSize);
    if (o.type == &sdm_string_type) {
      ob.getBody().setAs<capnp::Text>(
          capnp::Text::Reader(static_cast<const char *>(o.ptr), o.count - 1));
      continue;
    }
    if (o.type == &sdm_bytes_type) {
      ob.getBody().setAs<capnp::Data>(
          capnp::Data::Reader(static_cast<const uint8_t *>(o.ptr), o.count));
      continue;
    }
    const CxxType *t = find(o.type);
    if (!t) return sdm_fail(ctx, -EPROTO, o.type->name);
    ctx->fresh = sdm_fresh_here(ctx, &o);
    t->encodeBody(ctx, o.ptr, o.count, ob.getBody());
    ctx->fresh = false;
  }
  auto rl = env.initRoots(nroots);
  for (uint32_t i = 0; i < nroots; i++) rl.set(i, rootIdx[i]);
  if (nfreed) {
    auto fl = env.initFreed(nfreed);
    for (uint32_t i = 0; i < nfreed; i++) fl.set(i, freed[i]);
  }
  return ctx->error;
}

int EnvelopeCodec::decode(sdm_ctx *ctx, capnp::MessageReader &message, sdm_root *roots,
                          uint32_t maxRoots, uint32_t *nroots) const {
  *nroots = 0;
  KJ_IF_MAYBE(exception, kj::runCatchingExceptions([&]() {
    auto env = message.getRoot<sdmarshal::Envelope>();
    ctx->msg_seq = env.getSeq();
    ctx->msg_ack = env.getAck();
    // Frees first, as the C codec: a freed address may be a new object's.
    for (uint64_t addr : env.getFreed())
      if (sdm_apply_freed(ctx, addr)) return;
    auto objs = env.getObjects();
    if (objs.size() > ctx->max_objs) {
      sdm_fail(ctx, -E2BIG, "envelope.objects");
      return;
    }
    for (auto ob : objs) {
      const sdm_type *type = sdm_find_type(ctx, ob.getTypeId());
      if (!type) {
        sdm_fail(ctx, -EPROTO, "object.typeId (unknown type)");
        return;
      }
      // Checked before anything is allocated for the object.
      auto body = ob.getBody();
      uint64_t have = body.isNull() ? 0
                      : type == &sdm_string_type ? body.getAs<capnp::Text>().size() + 1
                      : type == &sdm_bytes_type  ? body.getAs<capnp::Data>().size()
                                                 : body.getAs<capnp::AnyList>().size();
      if (have != ob.getCount()) {
        sdm_fail(ctx, -EPROTO, "object.count (body differs)");
        return;
      }
      if (sdm_receive_placed(ctx, ob.getSenderAddr(), ob.getReceiverAddr(), type,
                             ob.getCount(), ob.getContainer(), ob.getOffset(),
                             ob.getAllocSize()))
        return;
    }
    if (sdm_resolve_interiors(ctx)) return;
    for (uint32_t i = 0; i < ctx->nobjs && !ctx->error; i++) {
      const sdm_obj &o = ctx->objs[i];
      auto body = objs[i].getBody();
      if (o.type == &sdm_string_type) {
        auto text = body.getAs<capnp::Text>();
        if (text.size() + 1 != o.count) {
          sdm_fail(ctx, -EPROTO, "string object length");
          return;
        }
        // Unchanged text is not written: it may be read-only (.rodata).
        if (std::memcmp(o.ptr, text.cStr(), o.count)) std::memcpy(o.ptr, text.cStr(), o.count);
        continue;
      }
      if (o.type == &sdm_bytes_type) {
        auto data = body.getAs<capnp::Data>();
        if (data.size() != o.count) {
          sdm_fail(ctx, -EPROTO, "bytes object length");
          return;
        }
        std::memcpy(o.ptr, data.begin(), o.count);
        continue;
      }
      const CxxType *t = find(o.type);
      if (!t) {
        sdm_fail(ctx, -EPROTO, o.type->name);
        return;
      }
      ctx->fresh = sdm_fresh_here(ctx, &o);
      t->decodeBody(ctx, body, o.ptr, o.count);
      ctx->fresh = false;
    }
    auto rl = env.getRoots();
    if (rl.size() > maxRoots) {
      sdm_fail(ctx, -E2BIG, "envelope.roots");
      return;
    }
    for (uint32_t i = 0; i < rl.size() && !ctx->error; i++) {
      uint32_t idx = rl[i];
      if (idx > ctx->nobjs) {
        sdm_fail(ctx, -EPROTO, "envelope.roots");
        return;
      }
      roots[i] = idx ? sdm_root{ctx->objs[idx - 1].ptr, ctx->objs[idx - 1].type,
                                ctx->objs[idx - 1].count}
                     : sdm_root{nullptr, nullptr, 0};
      *nroots = i + 1;
    }
  })) {
    sdm_fail(ctx, -EBADMSG, "malformed message (capnp)");
    (void)exception;
  }
  sdm_message_applied(ctx);
  return ctx->error;
}

}  // namespace sdm
