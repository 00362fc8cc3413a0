#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Assembles the conformance suite's .data files (uBPF-style assembler)
into test vectors: for each FILE.data, OUT/FILE.prog (hex bytes of the
program), OUT/FILE.mem (hex bytes of input memory, possibly empty),
OUT/FILE.result (expected r0) or OUT/FILE.skip (why it cannot run).

usage: asm.py OUTDIR FILE.data...
"""
import os
import re
import struct
import sys

ALU_OPS = {'add': 0x00, 'sub': 0x10, 'mul': 0x20, 'div': 0x30, 'or': 0x40,
           'and': 0x50, 'lsh': 0x60, 'rsh': 0x70, 'neg': 0x80, 'mod': 0x90,
           'xor': 0xa0, 'mov': 0xb0, 'arsh': 0xc0}
SIGNED = {'sdiv': 'div', 'smod': 'mod'}
JMP_OPS = {'jeq': 0x10, 'jgt': 0x20, 'jge': 0x30, 'jset': 0x40, 'jne': 0x50,
           'jsgt': 0x60, 'jsge': 0x70, 'jlt': 0xa0, 'jle': 0xb0,
           'jslt': 0xc0, 'jsle': 0xd0}
SIZES = {'b': 0x10, 'h': 0x08, 'w': 0x00, 'dw': 0x18}
ATOMIC_OPS = {'add': 0x00, 'or': 0x40, 'and': 0x50, 'xor': 0xa0}
ALU, JMP, JMP32, ALU64 = 0x04, 0x05, 0x06, 0x07
LD, LDX, ST, STX = 0x00, 0x01, 0x02, 0x03


class AsmError(Exception):
    pass


def insn(code, dst=0, src=0, off=0, imm=0):
    if not -0x8000 <= off <= 0x7fff:
        raise AsmError('offset %d out of range' % off)
    imm &= 0xffffffff
    return struct.pack('<BBhI', code, (src << 4) | dst, off, imm)


def reg(tok):
    m = re.fullmatch(r'%r(\d+)', tok)
    if not m or int(m.group(1)) > 10:
        raise AsmError('bad register %r' % tok)
    return int(m.group(1))


def num(tok):
    try:
        return int(tok, 0)
    except ValueError:
        raise AsmError('bad number %r' % tok)


def imm32(tok):
    v = num(tok)
    if not -0x80000000 <= v <= 0xffffffff:
        raise AsmError('immediate %s does not fit 32 bits' % tok)
    return v


def memref(tok):
    m = re.fullmatch(r'\[(%r\d+)\s*(?:([+-])\s*(\w+))?\]', tok)
    if not m:
        raise AsmError('bad memory operand %r' % tok)
    off = num(m.group(3)) if m.group(3) else 0
    return reg(m.group(1)), -off if m.group(2) == '-' else off


def split_operands(rest):
    return [t.strip() for t in rest.split(',')] if rest.strip() else []


def parse(lines):
    """Returns [(lineno, mnemonic, operands)] and {label: insn index}."""
    items, labels, pc = [], {}, 0
    for lineno, line in lines:
        line = line.split('#', 1)[0].strip()
        while True:
            m = re.match(r'^([A-Za-z_]\w*):\s*(.*)$', line)
            if not m:
                break
            labels[m.group(1)] = pc
            line = m.group(2)
        if not line:
            continue
        parts = line.split(None, 1)
        mnem = parts[0]
        rest = parts[1] if len(parts) > 1 else ''
        if mnem == 'lock':
            sub = rest.split(None, 1)
            mnem = 'lock ' + sub[0]
            rest = sub[1] if len(sub) > 1 else ''
            if mnem == 'lock fetch':
                sub = rest.split(None, 1)
                mnem = 'lock fetch ' + sub[0]
                rest = sub[1] if len(sub) > 1 else ''
        items.append((lineno, mnem, split_operands(rest)))
        pc += 2 if mnem == 'lddw' else 1
    return items, labels, pc


def target(tok, pc, labels, length):
    if tok in labels:
        return labels[tok] - pc - 1
    if tok == 'exit':
        # An undefined 'exit' label means the program's last instruction.
        return length - 1 - pc - 1
    if re.fullmatch(r'[+-]?\d+', tok):
        return int(tok)
    raise AsmError('unknown label %r' % tok)


def assemble_one(mnem, ops, pc, labels, length):
    m = re.fullmatch(r'(add|sub|mul|div|or|and|lsh|rsh|mod|xor|mov|arsh|sdiv|smod)(32)?', mnem)
    if m:
        name, is32 = m.group(1), m.group(2)
        cls = ALU if is32 else ALU64
        off = 1 if name in SIGNED else 0
        op = ALU_OPS[SIGNED.get(name, name)]
        if len(ops) != 2:
            raise AsmError('%s takes two operands' % mnem)
        if ops[1].startswith('%'):
            return insn(cls | op | 0x08, reg(ops[0]), reg(ops[1]), off)
        return insn(cls | op, reg(ops[0]), 0, off, imm32(ops[1]))
    m = re.fullmatch(r'neg(32)?', mnem)
    if m:
        return insn((ALU if m.group(1) else ALU64) | 0x80, reg(ops[0]))
    m = re.fullmatch(r'movsx(8|16|32)(32|64)', mnem)
    if m:
        cls = ALU if m.group(2) == '32' else ALU64
        return insn(cls | 0xb0 | 0x08, reg(ops[0]), reg(ops[1]), int(m.group(1)))
    m = re.fullmatch(r'(be|le|bswap|swap)(16|32|64)', mnem)
    if m:
        kind = m.group(1)
        code = {'le': ALU | 0xd0, 'be': ALU | 0xd8, 'bswap': ALU64 | 0xd0,
                'swap': ALU64 | 0xd0}[kind]
        return insn(code, reg(ops[0]), 0, 0, int(m.group(2)))
    if mnem == 'lddw':
        v = num(ops[1]) & 0xffffffffffffffff
        return insn(LD | 0x18, reg(ops[0]), 0, 0, v & 0xffffffff) + \
            insn(0, 0, 0, 0, v >> 32)
    m = re.fullmatch(r'ldx(s?)(b|h|w|dw)', mnem)
    if m:
        mode = 0x80 if m.group(1) else 0x60
        base, off = memref(ops[1])
        return insn(LDX | mode | SIZES[m.group(2)], reg(ops[0]), base, off)
    m = re.fullmatch(r'st(x?)(b|h|w|dw)', mnem)
    if m:
        base, off = memref(ops[0])
        if m.group(1):
            return insn(STX | 0x60 | SIZES[m.group(2)], base, reg(ops[1]), off)
        return insn(ST | 0x60 | SIZES[m.group(2)], base, 0, off, imm32(ops[1]))
    m = re.fullmatch(r'lock (fetch )?(add|or|and|xor|xchg|cmpxchg)(32)?', mnem)
    if m:
        size = 0x00 if m.group(3) else 0x18
        op = m.group(2)
        if op == 'xchg':
            imm = 0xe1
        elif op == 'cmpxchg':
            imm = 0xf1
        else:
            imm = ATOMIC_OPS[op] | (0x01 if m.group(1) else 0)
        base, off = memref(ops[0])
        return insn(STX | 0xc0 | size, base, reg(ops[1]), off, imm)
    if mnem == 'ja':
        return insn(JMP, 0, 0, target(ops[0], pc, labels, length))
    if mnem == 'ja32':
        return insn(JMP32, 0, 0, 0, target(ops[0], pc, labels, length))
    m = re.fullmatch(r'(j[a-z]+?)(32)?', mnem)
    if m and m.group(1) in JMP_OPS:
        cls = JMP32 if m.group(2) else JMP
        op = JMP_OPS[m.group(1)]
        off = target(ops[2], pc, labels, length)
        if ops[1].startswith('%'):
            return insn(cls | op | 0x08, reg(ops[0]), reg(ops[1]), off)
        return insn(cls | op, reg(ops[0]), 0, off, imm32(ops[1]))
    if mnem == 'call':
        words = ops[0].split() if ops else []
        if len(words) == 2 and words[0] == 'local':
            return insn(JMP | 0x80, 0, 1, 0, target(words[1], pc, labels, length))
        if len(words) == 1 and words[0].startswith('%'):
            raise SkipError('callx (call by register) is outside RFC 9669')
        return insn(JMP | 0x80, 0, 0, 0, imm32(ops[0]))
    if mnem == 'exit':
        return insn(JMP | 0x90)
    raise AsmError('unknown mnemonic %r' % mnem)


class SkipError(Exception):
    pass


def sections(path):
    out, cur = {}, None
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            m = re.match(r'^-- (.*\S)\s*$', line)
            if m:
                cur = m.group(1)
                out[cur] = []
            elif cur:
                out[cur].append((lineno, line.rstrip('\n')))
    return out


def assemble(path):
    sec = sections(path)
    items, labels, length = parse(sec.get('asm', []))
    code, pc = b'', 0
    for lineno, mnem, ops in items:
        try:
            code += assemble_one(mnem, ops, pc, labels, length)
        except (AsmError, IndexError) as e:
            raise AsmError('%s:%d: %s' % (path, lineno, e))
        pc += 2 if mnem == 'lddw' else 1
    mem = ''.join(l for _, l in sec.get('mem', [])).split()
    result = ' '.join(l for _, l in sec.get('result', [])).strip()
    return code, ''.join(mem), result


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    status = 0
    for path in sys.argv[2:]:
        name = os.path.basename(path)[:-len('.data')]
        base = os.path.join(out, name)
        try:
            code, mem, result = assemble(path)
        except SkipError as e:
            with open(base + '.skip', 'w') as f:
                f.write(str(e) + '\n')
            continue
        except AsmError as e:
            print('asm.py: %s' % e, file=sys.stderr)
            status = 1
            continue
        with open(base + '.prog', 'w') as f:
            f.write(' '.join('%02x' % b for b in code) + '\n')
        with open(base + '.mem', 'w') as f:
            f.write(mem + '\n')
        with open(base + '.result', 'w') as f:
            f.write(result + '\n')
    return status


if __name__ == '__main__':
    sys.exit(main())
