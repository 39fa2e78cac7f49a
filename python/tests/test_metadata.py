"""Metadata validation and argument packing: pure Python, runs without a GPU."""
import json
import struct
from pathlib import Path

import pytest

from tessera.metadata import ArgPacker, float_bits, int_bits, parse_metadata

DATA = Path(__file__).parent / "data"
CONTRACT_EXAMPLE = {
    "target": "sm_90a", "ptx": "kernel.ptx",
    "kernels": [{"name": "rmsnorm", "num_warps": 8, "threads_per_block": 256, "shared_bytes": 1024,
                 "params": [{"name": "x", "type": "ptr", "elem": "bf16"}, {"name": "n", "type": "i32"},
                            {"name": "eps", "type": "f32"}]}]}


def test_contract_example_parses():
    info = parse_metadata(CONTRACT_EXAMPLE)
    k = info.kernels["rmsnorm"]
    assert (info.target, info.binary) == ("sm_90a", "kernel.ptx")
    assert (k.threads_per_block, k.shared_bytes, k.num_warps) == (256, 1024, 8)
    assert [(p.name, p.type, p.elem) for p in k.params] == [("x", "ptr", "bf16"), ("n", "i32", None),
                                                             ("eps", "f32", None)]
    assert k.signature() == "rmsnorm(x, n, eps)"
    assert info.defines == {}


def test_defines_parse():
    info = parse_metadata(dict(CONTRACT_EXAMPLE, defines={"BLOCK": "4096", "ROWS": "2"}))
    assert info.defines == {"BLOCK": "4096", "ROWS": "2"}


def test_test_kernels_metadata_parses():
    info = parse_metadata(json.loads((DATA / "test_kernels.json").read_text()))
    assert list(info.kernels) == ["vector_add", "scale_bf16", "scalars", "reverse_chunks"]


def _with(**changes):
    k = dict(CONTRACT_EXAMPLE["kernels"][0], **changes)
    return {"kernels": [k]}


@pytest.mark.parametrize("meta,message", [
    ({}, "'kernels' list"),
    ({"kernels": [{"threads_per_block": 32, "params": []}]}, "missing 'name'"),
    (_with(threads_per_block=0, num_warps=None), "positive"),
    (_with(threads_per_block="256"), "must be int"),
    (_with(shared_bytes=-1), "non-negative"),
    (_with(num_warps=4), "disagrees"),
    (_with(params=[{"name": "x", "type": "u32"}]), "unknown type 'u32'"),
    (_with(params=[{"name": "x", "type": "ptr", "elem": "f8"}]), "'elem' 'f8'"),
    (_with(params=[{"name": "n", "type": "i32", "elem": "f32"}]), "only allowed on a ptr"),
    (_with(params=[{"type": "i32"}]), "missing 'name'"),
    ({"kernels": [CONTRACT_EXAMPLE["kernels"][0]] * 2}, "listed twice"),
    (dict(CONTRACT_EXAMPLE, defines={"ROWS": 2}), "'defines' must map names to strings"),
    (dict(CONTRACT_EXAMPLE, defines=["ROWS"]), "'defines' must map names to strings"),
])
def test_malformed_metadata_is_rejected(meta, message):
    with pytest.raises(ValueError, match=message):
        parse_metadata(meta)


@pytest.mark.parametrize("ty,value,bits", [
    ("i1", True, 1), ("i1", 0, 0), ("i8", -1, 0xFF), ("i8", 255, 0xFF), ("i16", -2, 0xFFFE),
    ("i32", -(1 << 31), 0x80000000), ("i32", (1 << 32) - 1, 0xFFFFFFFF), ("i64", -1, (1 << 64) - 1),
])
def test_int_bits(ty, value, bits):
    assert int_bits(value, ty, "arg") == bits


@pytest.mark.parametrize("ty,value", [("i1", 2), ("i1", -1), ("i8", 256), ("i8", -129), ("i32", 1 << 32),
                                      ("i64", 1 << 64)])
def test_int_out_of_range(ty, value):
    with pytest.raises(ValueError, match=f"does not fit in {ty}"):
        int_bits(value, ty, "arg")


def test_int_rejects_floats():
    with pytest.raises(TypeError, match="pass an int"):
        int_bits(1.0, "i32", "arg")


@pytest.mark.parametrize("ty,value,bits", [
    ("f32", 1.0, 0x3F800000), ("f32", -2.5, 0xC0200000), ("f64", 1.0, 0x3FF0000000000000),
    ("f16", 1.0, 0x3C00), ("f16", 65504.0, 0x7BFF), ("bf16", 1.0, 0x3F80), ("bf16", -0.0, 0x8000),
    ("bf16", float("inf"), 0x7F80), ("bf16", 3, 0x4040),
    # bf16 rounds to nearest, ties to even: 1 + 2^-8 is halfway between 1 and 1 + 2^-7.
    ("bf16", 1 + 2 ** -8, 0x3F80), ("bf16", 1 + 3 * 2 ** -8, 0x3F82), ("bf16", 1 + 2 ** -8 + 2 ** -20, 0x3F81),
])
def test_float_bits(ty, value, bits):
    assert float_bits(value, ty, "arg") == bits


def test_bf16_nan_stays_nan():
    bits = float_bits(float("nan"), "bf16", "arg")
    assert bits & 0x7F80 == 0x7F80 and bits & 0x7F


@pytest.mark.parametrize("ty,value", [("f16", 1e5), ("bf16", 3.4e38), ("f32", 1e39)])
def test_float_out_of_range(ty, value):
    with pytest.raises(ValueError, match=f"out of range for {ty}"):
        float_bits(value, ty, "arg")


def test_bf16_and_f16_bits_match_torch():
    torch = pytest.importorskip("torch")
    # f32-representable values: a float64 takes two roundings on torch's way to f16 (through f32), one on ours.
    values = (torch.randn(2000, dtype=torch.float32) * 100).tolist()
    for ty, dtype in [("bf16", torch.bfloat16), ("f16", torch.float16)]:
        ours = [float_bits(v, ty, "arg") for v in values]
        theirs = torch.tensor(values, dtype=torch.float32).to(dtype).view(torch.int16).tolist()
        assert ours == [b & 0xFFFF for b in theirs]


class FakeTensor:
    """Just what packing reads of a torch.Tensor."""
    is_cuda, device, dtype = True, "cuda:1", "torch.bfloat16"

    def data_ptr(self):
        return 0x7F0000001000

    def get_device(self):
        return 1


def _slots(packer, params):
    slots, pointers = packer.buffers()
    assert [p - pointers[0] for p in params] == [8 * i for i in range(len(packer.kernel.params))]
    return list(slots)


def test_pack_slots_and_device():
    packer = ArgPacker(parse_metadata(CONTRACT_EXAMPLE).kernels["rmsnorm"])
    params, device = packer.pack((FakeTensor(), 4096, 1e-6))
    assert device == 1
    assert _slots(packer, params) == [0x7F0000001000, 4096, struct.unpack("<I", struct.pack("<f", 1e-6))[0]]
    params, device = packer.pack((0x1234, -1, 2))  # raw address, negative i32, an int for f32
    assert device is None
    assert _slots(packer, params) == [0x1234, 0xFFFFFFFF, 0x40000000]


def test_pack_errors():
    packer = ArgPacker(parse_metadata(CONTRACT_EXAMPLE).kernels["rmsnorm"])
    with pytest.raises(TypeError, match=r"rmsnorm\(x, n, eps\) takes 3 argument\(s\), got 2"):
        packer.pack((FakeTensor(), 1))
    wrong = FakeTensor()
    wrong.dtype = "torch.float32"
    with pytest.raises(TypeError, match="must have dtype torch.bfloat16"):
        packer.pack((wrong, 1, 1.0))
    cpu = FakeTensor()
    cpu.is_cuda, cpu.device = False, "cpu"
    with pytest.raises(ValueError, match="must be a CUDA tensor, got one on cpu"):
        packer.pack((cpu, 1, 1.0))
    with pytest.raises(TypeError, match="is f32: pass a float"):
        packer.pack((FakeTensor(), 1, "1e-6"))
    with pytest.raises(TypeError, match="is i32: pass an int"):
        packer.pack((FakeTensor(), 1.0, 1.0))
    with pytest.raises(TypeError, match="pass a CUDA tensor or an int address"):
        packer.pack((True, 1, 1.0))
    with pytest.raises(ValueError, match="64-bit address"):
        packer.pack((-8, 1, 1.0))


def test_tensors_on_two_devices_are_refused():
    meta = _with(params=[{"name": "a", "type": "ptr"}, {"name": "b", "type": "ptr"}])
    other = FakeTensor()
    other.get_device = lambda: 0
    with pytest.raises(ValueError, match="tensor arguments on several devices: cuda:1, cuda:0"):
        ArgPacker(parse_metadata(meta).kernels["rmsnorm"]).pack((FakeTensor(), other))
