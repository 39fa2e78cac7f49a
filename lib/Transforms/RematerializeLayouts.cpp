//===- RematerializeLayouts.cpp - tgpu-remat-layouts ----------------------===//
//
// The driver: per function, forward propagation, backward rematerialization
// and hoisting (lib/Transforms/Remat/), then one remark per conversion that
// survived all three, saying why.
//
//===----------------------------------------------------------------------===//
#include "tessera/Transforms/Passes.h"

#include "tessera/Transforms/Remat/Rewrites.h"

namespace mlir::tessera {
#define GEN_PASS_DEF_REMATERIALIZELAYOUTS
#include "tessera/Transforms/Passes.h.inc"
} // namespace mlir::tessera

using namespace mlir;
using namespace mlir::tessera;

namespace {

struct RematerializeLayoutsPass
    : tessera::impl::RematerializeLayoutsBase<RematerializeLayoutsPass> {
  using RematerializeLayoutsBase::RematerializeLayoutsBase;

  void runOnOperation() override {
    remat::Remarks remarks(this->remarks);
    for (auto fn : getOperation().getOps<tile::FuncOp>()) {
      int64_t warps = tgpu::getNumWarps(fn).value_or(4);
      auto lanes = fn->getAttrOfType<IntegerAttr>(
          tgpu::TileGPUDialect::getThreadsPerWarpAttrName());
      remat::RematContext ctx{warps * (lanes ? lanes.getInt() : 32),
                              remat::CostModel(), remarks, {}};
      if (failed(remat::propagateLayouts(fn, ctx)) ||
          failed(remat::rematerializeConversions(fn, ctx)) ||
          failed(remat::hoistConversions(fn, ctx)))
        return signalPassFailure();
      fn.walk([&](tgpu::ConvertLayoutOp cvt) {
        auto it = ctx.kept.find(cvt);
        remarks.emit(cvt, "layout conversion kept: " +
                              (it != ctx.kept.end() ? it->second.str()
                                                    : std::string("unknown")));
      });
    }
  }
};

} // namespace
