//===- AxisInfoArithRules.cpp - pointer and integer arithmetic ------------===//
//
// Transfer functions of tile.addptr and the integer arith ops, and folding of
// two known constants. Shared reasoning (divAt, alignedRun, and the
// assumptions) is described in AxisInfoRules.cpp.
//
//===----------------------------------------------------------------------===//
#include "AxisInfoRules.h"

#include "tessera/Dialect/Tile/IR/Tile.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/MathExtras.h"

#include <numeric>

using namespace mlir;
using namespace mlir::tessera;
using namespace mlir::tessera::axisinfo;

/// lhs + rhs * rhsScale (addptr: rhsScale = pointee bytes, lhsStep likewise);
/// `isSub` for lhs - rhs.
static AxisInfo addLike(const AxisInfo &lhs, const AxisInfo &rhs,
                        int64_t lhsStep, int64_t rhsScale, bool isSub) {
  return perDim(
      lhs.getNumDims(), [&](unsigned d, int64_t &c, int64_t &v, int64_t &k) {
        // Contiguous plus constant is contiguous; constant minus contiguous
        // counts down, so subtraction has only the first form.
        c = std::gcd(lhs.getContiguity(d), rhs.getConstancy(d));
        if (!isSub)
          c = std::max(c, std::gcd(lhs.getConstancy(d), rhs.getContiguity(d)));
        v = std::gcd(divAt(lhs, d, c, lhsStep),
                     clampDiv(divAt(rhs, d, c) * rhsScale));
        k = std::gcd(lhs.getConstancy(d), rhs.getConstancy(d));
        // Two runs that both count up differ by a constant.
        if (isSub)
          k = std::max(k, std::gcd(lhs.getContiguity(d), rhs.getContiguity(d)));
      });
}

static AxisInfo visitAddPtr(tile::AddPtrOp op, const AxisInfo &ptr,
                            const AxisInfo &offset) {
  if (offset.getConstantValue() == 0)
    return ptr;
  int64_t bytes = getElementStep(op.getType());
  return addLike(ptr, offset, bytes, bytes, /*isSub=*/false);
}

static AxisInfo visitMul(Type type, const AxisInfo &lhs, const AxisInfo &rhs) {
  // x * 1 is x; x * 0 is 0.
  if (rhs.getConstantValue() == 1)
    return lhs;
  if (lhs.getConstantValue() == 1)
    return rhs;
  if (lhs.getConstantValue() == 0 || rhs.getConstantValue() == 0)
    return AxisInfo::getConstant(type, 0);
  return perDim(lhs.getNumDims(),
                [&](unsigned d, int64_t &c, int64_t &v, int64_t &k) {
                  c = 1;
                  v = clampDiv(divAll(lhs, d) * divAll(rhs, d));
                  k = std::gcd(lhs.getConstancy(d), rhs.getConstancy(d));
                });
}

/// lhs / rhs (signed or unsigned; rhs non-zero).
static AxisInfo visitDiv(const AxisInfo &lhs, const AxisInfo &rhs) {
  if (rhs.getConstantValue() == 1)
    return lhs;
  std::optional<int64_t> divisor = rhs.getConstantValue();
  bool powerOf2 = divisor && *divisor > 0 && llvm::isPowerOf2_64(*divisor);
  return perDim(lhs.getNumDims(), [&](unsigned d, int64_t &c, int64_t &v,
                                      int64_t &k) {
    c = 1;
    // An aligned run t..t+g-1 with g | t and g | rhs sits inside one
    // multiple of rhs and its successor, so every element divides to t/rhs.
    k = std::max(std::gcd(lhs.getConstancy(d), rhs.getConstancy(d)),
                 runAgainstConstant(lhs, rhs, d));
    // An exact division by a power of two keeps the rest of the divisor.
    int64_t all = divAll(lhs, d);
    v = powerOf2 && all % *divisor == 0 ? std::max<int64_t>(1, all / *divisor)
                                        : 1;
  });
}

/// lhs % rhs (signed or unsigned; rhs non-zero).
static AxisInfo visitRem(Type type, const AxisInfo &lhs, const AxisInfo &rhs) {
  if (rhs.getConstantValue() == 1)
    return AxisInfo::getConstant(type, 0);
  std::optional<int64_t> divisor = rhs.getConstantValue();
  bool powerOf2 = divisor && *divisor > 0 && llvm::isPowerOf2_64(*divisor);
  return perDim(lhs.getNumDims(),
                [&](unsigned d, int64_t &c, int64_t &v, int64_t &k) {
                  // Over the same aligned runs as division the quotient is
                  // constant, so the remainder counts up with the dividend
                  // (`offs % 8`, `offs % n`).
                  c = runAgainstConstant(lhs, rhs, d);
                  // lhs - q * rhs is a multiple of what divides both; a
                  // multiple of a power-of-two divisor leaves 0.
                  v = std::gcd(divAt(lhs, d, c), divAt(rhs, d, c));
                  if (powerOf2 && divAt(lhs, d, c) % *divisor == 0)
                    v = kMaxDiv;
                  k = std::gcd(lhs.getConstancy(d), rhs.getConstancy(d));
                });
}

/// lhs << s and lhs >> s for a constant s: multiplication and (floor)
/// division by 2^s.
static AxisInfo visitShift(Operation *op, const AxisInfo &lhs,
                           const AxisInfo &rhs) {
  Type type = op->getResult(0).getType();
  std::optional<int64_t> amount = rhs.getConstantValue();
  unsigned width = getIntWidth(type);
  if (!amount || *amount < 0 || *amount >= static_cast<int64_t>(width))
    return perDim(lhs.getNumDims(),
                  [&](unsigned d, int64_t &c, int64_t &v, int64_t &k) {
                    c = v = 1;
                    k = std::gcd(lhs.getConstancy(d), rhs.getConstancy(d));
                  });
  if (*amount == 0)
    return lhs;
  int64_t factor = int64_t(1) << std::min<int64_t>(*amount, 30);
  bool left = isa<arith::ShLIOp>(op);
  return perDim(
      lhs.getNumDims(), [&](unsigned d, int64_t &c, int64_t &v, int64_t &k) {
        c = 1;
        int64_t all = divAll(lhs, d);
        if (left) {
          v = clampDiv(all * factor);
          k = lhs.getConstancy(d);
        } else {
          // Both shifts are exact on multiples of 2^s, and floor (not truncate)
          // otherwise, so runs behave as in visitDiv for any sign.
          v = all % factor == 0 ? std::max<int64_t>(1, all / factor) : 1;
          k = std::max(lhs.getConstancy(d), alignedRun(lhs, d, factor));
        }
      });
}

/// Bitwise and/or/xor.
static AxisInfo visitBitwise(Operation *op, const AxisInfo &lhs,
                             const AxisInfo &rhs) {
  Type type = op->getResult(0).getType();
  unsigned width = getIntWidth(type);
  if (isa<arith::AndIOp>(op)) {
    // With a constant mask, `x & (2^m - 1)` is x mod 2^m and `x & -2^m`
    // rounds down to a multiple of 2^m, for any sign.
    for (auto [value, other] : {std::pair(&lhs, &rhs), std::pair(&rhs, &lhs)}) {
      const AxisInfo *x = value; // lambdas cannot capture bindings in C++17
      std::optional<APInt> mask = constantOf(*other, width);
      if (!mask)
        continue;
      if (mask->isZero())
        return AxisInfo::getConstant(type, 0);
      if (mask->isAllOnes())
        return *x;
      if (mask->isMask()) {
        int64_t modulus = int64_t(1)
                          << std::min(30u, mask->countTrailingOnes());
        return perDim(x->getNumDims(),
                      [&](unsigned d, int64_t &c, int64_t &v, int64_t &k) {
                        c = alignedRun(*x, d, modulus);
                        v = divAt(*x, d, c) % modulus == 0
                                ? kMaxDiv
                                : std::gcd(divAt(*x, d, c), modulus);
                        k = x->getConstancy(d);
                      });
      }
      if ((-*mask).isPowerOf2()) {
        int64_t multiple = int64_t(1)
                           << std::min(30u, mask->countTrailingZeros());
        return perDim(x->getNumDims(), [&](unsigned d, int64_t &c, int64_t &v,
                                           int64_t &k) {
          c = 1;
          v = std::max(divAll(*x, d), multiple);
          k = std::max(x->getConstancy(d), alignedRun(*x, d, multiple));
        });
      }
    }
  }
  bool isAnd = isa<arith::AndIOp>(op);
  return perDim(lhs.getNumDims(),
                [&](unsigned d, int64_t &c, int64_t &v, int64_t &k) {
                  c = 1;
                  // Trailing zeros: and keeps those of either side, or/xor
                  // those of both.
                  v = isAnd ? std::max(divAll(lhs, d), divAll(rhs, d))
                            : std::gcd(divAll(lhs, d), divAll(rhs, d));
                  k = std::gcd(lhs.getConstancy(d), rhs.getConstancy(d));
                });
}

static AxisInfo visitSelect(arith::SelectOp op, const AxisInfo &cond,
                            const AxisInfo &lhs, const AxisInfo &rhs) {
  if (auto value = cond.getConstantValue())
    return *value ? lhs : rhs;
  SmallVector<int64_t, 4> shape = getShapeOrScalar(op.getType());
  bool scalarCond = !isa<RankedTensorType>(op.getCondition().getType());
  int64_t step = getElementStep(op.getType());
  AxisInfo result = perDim(lhs.getNumDims(), [&](unsigned d, int64_t &c,
                                                 int64_t &v, int64_t &k) {
    int64_t condK = scalarCond ? shape[d] : cond.getConstancy(d);
    // Where the condition is constant one side is taken whole.
    c = std::gcd(condK, std::gcd(lhs.getContiguity(d), rhs.getContiguity(d)));
    v = std::gcd(divAt(lhs, d, c, step), divAt(rhs, d, c, step));
    k = std::gcd(condK, std::gcd(lhs.getConstancy(d), rhs.getConstancy(d)));
  });
  if (lhs.getConstantValue() &&
      lhs.getConstantValue() == rhs.getConstantValue())
    return AxisInfo::getConstant(op.getType(), *lhs.getConstantValue());
  return result;
}

static bool evaluate(arith::CmpIPredicate predicate, const APInt &a,
                     const APInt &b) {
  return arith::applyCmpPredicate(predicate, a, b);
}

static AxisInfo visitCmp(arith::CmpIOp op, const AxisInfo &lhs,
                         const AxisInfo &rhs) {
  using P = arith::CmpIPredicate;
  P predicate = op.getPredicate();
  unsigned width = getIntWidth(op.getLhs().getType());
  if (auto a = constantOf(lhs, width))
    if (auto b = constantOf(rhs, width))
      return AxisInfo::getConstant(op.getType(), evaluate(predicate, *a, *b));
  // `x < y` over an aligned run of x = t..t+g-1 (g | t) with y constant and
  // a multiple of g: the threshold y falls on a run boundary, so the whole
  // run compares alike. Only for predicates whose threshold is y itself
  // (x < y, x >= y, and mirrored y > x, y <= x): `x <= y` flips at y + 1.
  bool lhsRuns = predicate == P::slt || predicate == P::ult ||
                 predicate == P::sge || predicate == P::uge;
  bool rhsRuns = predicate == P::sgt || predicate == P::ugt ||
                 predicate == P::sle || predicate == P::ule;
  return perDim(lhs.getNumDims(),
                [&](unsigned d, int64_t &c, int64_t &v, int64_t &k) {
                  c = v = 1;
                  k = std::gcd(lhs.getConstancy(d), rhs.getConstancy(d));
                  if (lhsRuns)
                    k = std::max(k, runAgainstConstant(lhs, rhs, d));
                  if (rhsRuns)
                    k = std::max(k, runAgainstConstant(rhs, lhs, d));
                });
}

/// Integer casts keep everything; a known constant is re-read at the new
/// width (zero-extended for the unsigned casts).
static AxisInfo visitCast(Operation *op, const AxisInfo &src) {
  Type type = op->getResult(0).getType();
  unsigned srcWidth = getIntWidth(op->getOperand(0).getType());
  unsigned width = getIntWidth(type);
  std::optional<APInt> value = constantOf(src, srcWidth);
  if (!value || width == 0)
    return src;
  bool isUnsigned = isa<arith::ExtUIOp, arith::IndexCastUIOp>(op);
  APInt cast =
      isUnsigned ? value->zextOrTrunc(width) : value->sextOrTrunc(width);
  return AxisInfo::getConstant(type, fromAPInt(cast));
}

/// Folds integer arithmetic on two known constants.
static std::optional<int64_t> foldBinary(Operation *op, const AxisInfo &lhs,
                                         const AxisInfo &rhs) {
  unsigned width = getIntWidth(op->getResult(0).getType());
  std::optional<APInt> a = constantOf(lhs, width), b = constantOf(rhs, width);
  if (!a || !b)
    return std::nullopt;
  std::optional<APInt> r =
      llvm::TypeSwitch<Operation *, std::optional<APInt>>(op)
          .Case([&](arith::AddIOp) { return *a + *b; })
          .Case([&](arith::SubIOp) { return *a - *b; })
          .Case([&](arith::MulIOp) { return *a * *b; })
          .Case([&](arith::AndIOp) { return *a & *b; })
          .Case([&](arith::OrIOp) { return *a | *b; })
          .Case([&](arith::XOrIOp) { return *a ^ *b; })
          .Case<arith::DivSIOp, arith::RemSIOp>([&](Operation *) {
            // Overflowing INT_MIN / -1 is undefined: leave it alone.
            if (b->isZero() || (b->isAllOnes() && a->isMinSignedValue()))
              return std::optional<APInt>();
            return std::optional<APInt>(isa<arith::DivSIOp>(op) ? a->sdiv(*b)
                                                                : a->srem(*b));
          })
          .Case<arith::DivUIOp, arith::RemUIOp>([&](Operation *) {
            if (b->isZero())
              return std::optional<APInt>();
            return std::optional<APInt>(isa<arith::DivUIOp>(op) ? a->udiv(*b)
                                                                : a->urem(*b));
          })
          .Case<arith::ShLIOp, arith::ShRUIOp, arith::ShRSIOp>(
              [&](Operation *) {
                if (b->uge(width))
                  return std::optional<APInt>();
                unsigned s = b->getZExtValue();
                return std::optional<APInt>(isa<arith::ShLIOp>(op) ? a->shl(s)
                                            : isa<arith::ShRUIOp>(op)
                                                ? a->lshr(s)
                                                : a->ashr(s));
              })
          .Default([](Operation *) { return std::nullopt; });
  if (!r)
    return std::nullopt;
  return fromAPInt(*r);
}

std::optional<AxisInfo> axisinfo::inferArithOpAxisInfo(Operation *op,
                                                       ArrayRef<AxisInfo> in) {
  Type type = op->getResult(0).getType();
  // Binary arithmetic on two constants folds whatever the op.
  if (op->getNumOperands() == 2 && getIntWidth(type) != 0)
    if (std::optional<int64_t> folded = foldBinary(op, in[0], in[1]))
      return AxisInfo::getConstant(type, *folded);
  return llvm::TypeSwitch<Operation *, std::optional<AxisInfo>>(op)
      .Case([&](tile::AddPtrOp a) { return visitAddPtr(a, in[0], in[1]); })
      .Case([&](arith::AddIOp) {
        return addLike(in[0], in[1], 1, 1, /*isSub=*/false);
      })
      .Case([&](arith::SubIOp) {
        return addLike(in[0], in[1], 1, 1, /*isSub=*/true);
      })
      .Case([&](arith::MulIOp) { return visitMul(type, in[0], in[1]); })
      .Case<arith::DivSIOp, arith::DivUIOp>(
          [&](Operation *) { return visitDiv(in[0], in[1]); })
      .Case<arith::RemSIOp, arith::RemUIOp>(
          [&](Operation *) { return visitRem(type, in[0], in[1]); })
      .Case<arith::ShLIOp, arith::ShRUIOp, arith::ShRSIOp>(
          [&](Operation *op) { return visitShift(op, in[0], in[1]); })
      .Case<arith::AndIOp, arith::OrIOp, arith::XOrIOp>(
          [&](Operation *op) { return visitBitwise(op, in[0], in[1]); })
      .Case([&](arith::SelectOp s) {
        return visitSelect(s, in[0], in[1], in[2]);
      })
      .Case([&](arith::CmpIOp c) { return visitCmp(c, in[0], in[1]); })
      .Case<arith::ExtSIOp, arith::ExtUIOp, arith::TruncIOp, arith::IndexCastOp,
            arith::IndexCastUIOp>(
          [&](Operation *op) { return visitCast(op, in[0]); })
      .Default([](Operation *) { return std::nullopt; });
}
