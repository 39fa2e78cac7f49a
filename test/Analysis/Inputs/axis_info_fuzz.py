#!/usr/bin/env python3
"""Differential fuzzer for the axis analysis (-test-print-axis-info).

Generates random straight-line tile programs (ranges, splats, constants,
integer arithmetic, comparisons, selects, shape ops, pointer arithmetic),
runs the analysis on them, then evaluates each program for random arguments
that honour their `tile.divisibility` and checks every claimed contiguity,
divisibility, constancy and constant value against the concrete elements.

Values outside the analysis' documented assumptions (integer wrap-around,
signed division of negative dividends, division by zero) and everything
computed from them are not checked.

  axis_info_fuzz.py --tool build/bin/tessera-opt --seed 1 --count 200
"""
import argparse
import random
import re
import subprocess
import sys

I32 = 1 << 32


def wrap(x):
    """The i32 two's-complement reading of x."""
    return ((x + (1 << 31)) % I32) - (1 << 31)


def numel(shape):
    n = 1
    for s in shape:
        n *= s
    return n


def type_str(shape, kind, eb=4):
    elem = {'int': 'i32', 'i1': 'i1',
            'ptr': '!tile.ptr<%s>' % ('f32' if eb == 4 else 'f16')}[kind]
    return 'tensor<%sx%s>' % ('x'.join(map(str, shape)), elem)


class Program:
    """Ops as (name, op, operand names, attribute, shape, kind, eb)."""

    def __init__(self, rng):
        self.rng = rng
        self.args = []  # (name, 'i32' | 'ptr', divisibility or None, eb)
        self.ops = []
        self.text = []
        self.count = 0

    def add(self, op, operands, attr, shape, kind, text, eb=1):
        self.count += 1
        name = '%%v%d' % self.count
        self.ops.append((name, op, operands, attr, shape, kind, eb))
        self.text.append('%s = %s' % (name, text))
        return name

    def pick(self, kind, shape):
        return self.rng.choice([o for o in self.ops if o[5] == kind and o[4] == shape])

    def has(self, kind, shape):
        return any(o[5] == kind and o[4] == shape for o in self.ops)

    def mlir(self):
        args = []
        for name, kind, div, eb in self.args:
            ty = 'i32' if kind == 'i32' else '!tile.ptr<%s>' % ('f32' if eb == 4 else 'f16')
            attr = ' {tile.divisibility = %d : i32}' % div if div else ''
            args.append('%s: %s%s' % (name, ty, attr))
        body = ''.join('  %s\n' % line for line in self.text)
        return 'tile.func @f(%s) {\n%s  tile.return\n}\n' % (', '.join(args), body)


BINARY = ['addi', 'subi', 'muli', 'andi', 'ori', 'xori', 'maxsi',
          'divsi', 'divui', 'remsi', 'remui']
PREDICATES = ['slt', 'sle', 'sgt', 'sge', 'ult', 'ule', 'ugt', 'uge', 'eq', 'ne']
CONSTANTS = [0, 1, 2, 3, 4, 5, 7, 8, 12, 15, 16, 31, 48, 128, -1, -16]


def generate(rng):
    p = Program(rng)
    n = rng.choice([16, 32, 64])
    shape = (n,)
    for i in range(rng.randint(1, 3)):
        p.args.append(('%%a%d' % i, 'i32', rng.choice([None, 1, 2, 4, 8, 16, 32]), 1))
    for i in range(2):
        p.args.append(('%%p%d' % i, 'ptr', rng.choice([None, 4, 8, 16, 64]),
                       rng.choice([2, 4])))
    ty = type_str(shape, 'int')

    # Seeds.
    for _ in range(rng.randint(1, 3)):
        start = rng.choice([0, 0, 3, 5, 8, 16, 32, 48, 64, 96])
        p.add('range', [], start, shape, 'int',
              'tile.make_range {start = %d : i32, end = %d : i32} : %s' % (start, start + n, ty))
    for name, kind, _, _ in p.args:
        if kind == 'i32':
            p.add('splat', [name], None, shape, 'int', 'tile.splat %s : %s' % (name, ty))
    for _ in range(rng.randint(1, 3)):
        c = rng.choice(CONSTANTS)
        p.add('const', [], c, shape, 'int', 'arith.constant dense<%d> : %s' % (c, ty))
    if rng.random() < 0.3:
        run, scale = rng.choice([1, 2, 4, 8]), rng.choice([1, 2])
        base = rng.choice([0, 4, 16])
        vals = [base + (i // run) * run * scale + i % run for i in range(n)]
        p.add('dense', [], vals, shape, 'int',
              'arith.constant dense<[%s]> : %s' % (', '.join(map(str, vals)), ty))

    # Arithmetic, comparisons, selects and pointers.
    for _ in range(rng.randint(4, 14)):
        r = rng.random()
        a, b = p.pick('int', shape)[0], p.pick('int', shape)[0]
        if r < 0.45:
            op = rng.choice(BINARY)
            p.add(op, [a, b], None, shape, 'int', 'arith.%s %s, %s : %s' % (op, a, b, ty))
        elif r < 0.55:
            op = rng.choice(['shli', 'shrui', 'shrsi'])
            s = rng.choice([0, 1, 2, 3, 4])
            c = p.add('const', [], s, shape, 'int', 'arith.constant dense<%d> : %s' % (s, ty))
            p.add(op, [a, c], None, shape, 'int', 'arith.%s %s, %s : %s' % (op, a, c, ty))
        elif r < 0.7:
            pred = rng.choice(PREDICATES)
            p.add('cmpi', [a, b], pred, shape, 'i1', 'arith.cmpi %s, %s, %s : %s' % (pred, a, b, ty))
        elif r < 0.78 and p.has('i1', shape):
            m = p.pick('i1', shape)[0]
            p.add('select', [m, a, b], None, shape, 'int', 'arith.select %s, %s, %s : %s, %s'
                  % (m, a, b, type_str(shape, 'i1'), ty))
        elif r < 0.83 and p.has('i1', shape):
            m1, m2 = p.pick('i1', shape)[0], p.pick('i1', shape)[0]
            op = rng.choice(['andi', 'ori'])
            p.add(op, [m1, m2], None, shape, 'i1', 'arith.%s %s, %s : %s'
                  % (op, m1, m2, type_str(shape, 'i1')))
        else:
            add_pointer(p, a, shape)

    if rng.random() < 0.6:
        add_2d(p, n)
    return p


def add_pointer(p, offset, shape):
    """addptr onto an existing tile of pointers or a fresh splat of an argument."""
    rng = p.rng
    if p.has('ptr', shape) and rng.random() < 0.5:
        base = p.pick('ptr', shape)
        name, eb = base[0], base[6]
    else:
        arg = rng.choice([a for a in p.args if a[1] == 'ptr'])
        eb = arg[3]
        name = p.add('splat', [arg[0]], None, shape, 'ptr',
                     'tile.splat %s : %s' % (arg[0], type_str(shape, 'ptr', eb)), eb)
    return p.add('addptr', [name, offset], None, shape, 'ptr', 'tile.addptr %s, %s : %s, %s'
                 % (name, offset, type_str(shape, 'ptr', eb), type_str(shape, 'int')), eb)


def add_2d(p, n):
    """base + row * stride + col, then trans and reshape."""
    rng = p.rng
    m = rng.choice([2, 4, 8])
    col = p.pick('int', (n,))[0]
    rows = p.add('range', [], 0, (m,), 'int', 'tile.make_range {start = 0 : i32, end = %d : i32} : %s'
                 % (m, type_str((m,), 'int')))
    c2 = p.add('expand', [col], None, (1, n), 'int', 'tile.expand_dims %s {axis = 0 : i32} : %s -> %s'
               % (col, type_str((n,), 'int'), type_str((1, n), 'int')))
    r2 = p.add('expand', [rows], None, (m, 1), 'int', 'tile.expand_dims %s {axis = 1 : i32} : %s -> %s'
               % (rows, type_str((m,), 'int'), type_str((m, 1), 'int')))
    stride_arg = rng.choice([a for a in p.args if a[1] == 'i32'])[0]
    stride = p.add('splat', [stride_arg], None, (m, 1), 'int', 'tile.splat %s : %s'
                   % (stride_arg, type_str((m, 1), 'int')))
    rs = p.add('muli', [r2, stride], None, (m, 1), 'int', 'arith.muli %s, %s : %s'
               % (r2, stride, type_str((m, 1), 'int')))
    cb = p.add('broadcast', [c2], None, (m, n), 'int', 'tile.broadcast %s : %s -> %s'
               % (c2, type_str((1, n), 'int'), type_str((m, n), 'int')))
    rb = p.add('broadcast', [rs], None, (m, n), 'int', 'tile.broadcast %s : %s -> %s'
               % (rs, type_str((m, 1), 'int'), type_str((m, n), 'int')))
    off = p.add('addi', [rb, cb], None, (m, n), 'int', 'arith.addi %s, %s : %s'
                % (rb, cb, type_str((m, n), 'int')))
    if rng.random() < 0.5:
        run, row_stride = rng.choice([1, 2, 4, 8]), rng.choice([0, 1, 4, n])
        vals = [r * row_stride + (c // run) * run * rng.choice([1, 2]) + c % run
                for r in range(m) for c in range(n)]
        rows_text = ', '.join('[%s]' % ', '.join(map(str, vals[r * n:(r + 1) * n])) for r in range(m))
        dense = p.add('dense', [], vals, (m, n), 'int', 'arith.constant dense<[%s]> : %s'
                      % (rows_text, type_str((m, n), 'int')))
        off = p.add('addi', [off, dense], None, (m, n), 'int', 'arith.addi %s, %s : %s'
                    % (off, dense, type_str((m, n), 'int')))
    ptrs = add_pointer(p, off, (m, n))
    eb = p.ops[-1][6]
    p.add('trans', [ptrs], None, (n, m), 'ptr', 'tile.trans %s {order = array<i32: 1, 0>} : %s -> %s'
          % (ptrs, type_str((m, n), 'ptr', eb), type_str((n, m), 'ptr', eb)), eb)
    for shape in [(m * n,), (m * n // 4, 4), (m // 2, 2 * n)]:
        p.add('reshape', [off], None, shape, 'int', 'tile.reshape %s : %s -> %s'
              % (off, type_str((m, n), 'int'), type_str(shape, 'int')))


class Value:
    def __init__(self, vals, shape, kind, eb=1, tainted=False):
        self.vals, self.shape, self.kind, self.eb, self.tainted = vals, shape, kind, eb, tainted


def elementwise(op, attr, x, y):
    """Returns (result, outside_assumptions)."""
    ux, uy = x % I32, y % I32
    if op in ('divsi', 'remsi'):
        if y == 0 or x < 0:
            return 0, True
        q = abs(x) // abs(y) * (1 if y > 0 else -1)
        return (q if op == 'divsi' else x - q * y), False
    if op in ('divui', 'remui'):
        if uy == 0:
            return 0, True
        return (ux // uy if op == 'divui' else ux % uy), False
    if op == 'cmpi':
        return int({'slt': x < y, 'sle': x <= y, 'sgt': x > y, 'sge': x >= y,
                    'ult': ux < uy, 'ule': ux <= uy, 'ugt': ux > uy, 'uge': ux >= uy,
                    'eq': x == y, 'ne': x != y}[attr]), False
    return {'addi': lambda: x + y, 'subi': lambda: x - y, 'muli': lambda: x * y,
            'maxsi': lambda: max(x, y), 'andi': lambda: x & y, 'ori': lambda: x | y,
            'xori': lambda: x ^ y, 'shli': lambda: x << y, 'shrsi': lambda: x >> y,
            'shrui': lambda: ux >> y}[op](), False


def evaluate(p, rng):
    env = {}
    for name, kind, div, eb in p.args:
        if kind == 'i32':
            d = div or 1
            k = rng.randint(1, 3) if rng.random() < 0.3 else rng.choice([1, 1, 3, 5, 7]) * rng.randint(-2, 40)
            env[name] = Value([wrap(d * k)], (), 'int')
        else:
            env[name] = Value([max(div or eb, eb) * rng.randint(1, 1000)], (), 'ptr', eb)
    for name, op, operands, attr, shape, kind, eb in p.ops:
        ins = [env[o] for o in operands]
        tainted = any(v.tainted for v in ins)
        size = numel(shape)
        if op == 'range':
            vals = list(range(attr, attr + size))
        elif op == 'splat':
            vals = ins[0].vals * size
        elif op == 'const':
            vals = [attr] * size
        elif op == 'dense':
            vals = list(attr)
        elif op in ('expand', 'reshape'):
            vals = list(ins[0].vals)
        elif op == 'broadcast':
            src = ins[0]
            rows, cols = shape
            vals = [src.vals[(0 if src.shape[0] == 1 else r) * src.shape[1] + (0 if src.shape[1] == 1 else c)]
                    for r in range(rows) for c in range(cols)]
        elif op == 'trans':
            rows, cols = ins[0].shape
            vals = [ins[0].vals[r * cols + c] for c in range(cols) for r in range(rows)]
        elif op == 'addptr':
            vals = [a + o * eb for a, o in zip(ins[0].vals, ins[1].vals)]
        elif op == 'select':
            vals = [x if m else y for m, x, y in zip(*(v.vals for v in ins))]
        else:
            vals = []
            for x, y in zip(ins[0].vals, ins[1].vals):
                r, outside = elementwise(op, attr, x, y)
                if kind == 'i1':
                    r &= 1
                elif wrap(r) != r:
                    outside = True  # runs are assumed not to wrap
                tainted |= outside
                vals.append(wrap(r) if kind == 'int' else r)
        env[name] = Value(vals, shape, kind, eb, tainted)
    return env


def lines_along(value, dim):
    shape = value.shape
    stride = numel(shape[dim + 1:])
    for i in range(numel(shape)):
        if (i // stride) % shape[dim] == 0:
            yield [value.vals[i + j * stride] for j in range(shape[dim])]


def violations(value, info):
    contiguity, divisibility, constancy, constant = info
    step = value.eb if value.kind == 'ptr' else 1
    if constant is not None and any(x != constant for x in value.vals):
        yield 'constant_value = %d, got %s' % (constant, value.vals)
    for d in range(len(value.shape)):
        c, v, k = contiguity[d], divisibility[d], constancy[d]
        for line in lines_along(value, d):
            for j, x in enumerate(line):
                if j % c and x != line[j - 1] + step:
                    yield 'dim %d: contiguity %d broken at %d: %s' % (d, c, j, line)
                if j % k and x != line[j - 1]:
                    yield 'dim %d: constancy %d broken at %d: %s' % (d, k, j, line)
                if j % c == 0 and x % v:
                    yield 'dim %d: divisibility %d broken at %d: %s' % (d, v, j, line)


REMARK = re.compile(r':(\d+):\d+: remark: contiguity = \[([^\]]*)\], divisibility = \[([^\]]*)\], '
                    r'constancy = \[([^\]]*)\](?:, constant_value = (-?\d+))?')


def analyse(tool, text):
    out = subprocess.run([tool, '-', '-test-print-axis-info', '-o', '/dev/null'],
                         input=text, capture_output=True, text=True)
    infos = {}
    for m in REMARK.finditer(out.stderr):
        ints = lambda s: [int(x) for x in s.split(',')]
        infos[int(m.group(1))] = (ints(m.group(2)), ints(m.group(3)), ints(m.group(4)),
                                  int(m.group(5)) if m.group(5) else None)
    return out, infos


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--tool', required=True, help='tessera-opt')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--count', type=int, default=100, help='programs')
    parser.add_argument('--trials', type=int, default=6, help='argument sets per program')
    args = parser.parse_args()
    checks = 0
    for i in range(args.count):
        rng = random.Random('%d/%d' % (args.seed, i))
        program = generate(rng)
        text = program.mlir()
        out, infos = analyse(args.tool, text)
        if out.returncode != 0:
            print(out.stderr + '\n' + text)
            return 1
        for trial in range(args.trials):
            env = evaluate(program, rng)
            for line, (name, *_) in enumerate(program.ops, start=2):
                value = env[name]
                if value.tainted:
                    continue
                if line not in infos:
                    print('no remark for %s\n%s' % (name, text))
                    return 1
                for problem in violations(value, infos[line]):
                    print('FAIL: %s (%s)\n  claimed %s\n%s' % (name, problem, infos[line], text))
                    return 1
                checks += 1
    print('%d programs, %d values checked, all claims hold' % (args.count, checks))
    return 0


if __name__ == '__main__':
    sys.exit(main())
