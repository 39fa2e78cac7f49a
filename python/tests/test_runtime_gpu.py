"""The runtime against PyTorch on a GPU, with the hand-written kernels of data/test_kernels.cu.

Every check poisons its output with NaN first and compares every element against torch; inputs are fresh random
data each run.
"""
import json
import os
import random
import subprocess
import sys

import pytest

import tessera
from conftest import GPU_DIR, REPO

NAN = float("nan")


def cdiv(a, b):
    return (a + b - 1) // b


def check_vector_add(torch, gen, n, launch):
    """Run `launch(x, y, z, n)` and check z = x + y on [0, n) and that the 64 guard elements after n stay NaN."""
    x = torch.randn(n, device="cuda", generator=gen)
    y = torch.randn(n, device="cuda", generator=gen)
    z = torch.full((n + 64,), NAN, device="cuda")
    launch(x, y, z, n)
    torch.cuda.synchronize()
    assert not z[:n].isnan().any(), "some elements were not written"
    assert torch.equal(z[:n], x + y)
    assert z[n:].isnan().all(), "wrote past n"


@pytest.mark.parametrize("n", [1, 255, 256, 1000, (1 << 20) + 3])
def test_vector_add(mod, torch, gen, n):
    check_vector_add(torch, gen, n, lambda x, y, z, n: mod.vector_add[(cdiv(n, 256),)](x, y, z, n))


@pytest.mark.parametrize("form", ["int", "tuple1", "tuple3", "launch", "getitem"])
def test_grid_and_call_forms(mod, torch, gen, form):
    n = 5000
    g = cdiv(n, 256)
    launch = {
        "int": lambda *a: mod.vector_add[g](*a),
        "tuple1": lambda *a: mod.vector_add[(g,)](*a),
        "tuple3": lambda *a: mod.vector_add[(g, 1, 1)](*a),
        "launch": lambda *a: mod.launch("vector_add", g, *a),
        "getitem": lambda *a: mod["vector_add"][g](*a),
    }[form]
    check_vector_add(torch, gen, n, launch)


def test_empty_grid_launches_nothing(mod, torch):
    z = torch.full((16,), NAN, device="cuda")
    mod.vector_add[(0,)](z, z, z, 16)
    torch.cuda.synchronize()
    assert z.isnan().all()


@pytest.mark.parametrize("rows,cols", [(1, 1), (3, 1000), (64, 4096 + 7)])
def test_scale_bf16_2d_grid(mod, torch, gen, rows, cols):
    x = torch.randn(rows, cols, device="cuda", generator=gen).to(torch.bfloat16)
    s = torch.randn(1, device="cuda", generator=gen).item()  # an f32 value, so torch and the kernel agree exactly
    y = torch.full_like(x, NAN)
    mod.scale_bf16[(cdiv(cols, 128), rows)](x, y, s, rows, cols)
    torch.cuda.synchronize()
    assert not y.isnan().any()
    assert torch.equal(y, (x.float() * s).to(torch.bfloat16))


def test_every_scalar_type(mod, torch):
    rng = random.Random(os.urandom(8))
    h, bf, f, d = (rng.uniform(-1e3, 1e3) for _ in range(4))
    cases = [
        # (arguments after `out`, what the kernel must see)
        ((True, -100, -30000, -(1 << 31), -(1 << 40) - 5, h, bf, f, d),
         [1, -100, -30000, -(1 << 31), -(1 << 40) - 5,
          torch.tensor(h, dtype=torch.float16).item(), torch.tensor(bf, dtype=torch.bfloat16).item(),
          torch.tensor(f, dtype=torch.float32).item(), d]),
        # The unsigned spelling of each width reaches the kernel as the same bits.
        ((False, 255, 65535, (1 << 32) - 1, (1 << 64) - 1, 0.5, -2.0, float("inf"), -0.0),
         [0, -1, -1, -1, -1, 0.5, -2.0, float("inf"), -0.0]),
    ]
    for args, expected in cases:
        out = torch.full((9,), NAN, device="cuda", dtype=torch.float64)
        mod.scalars[1](out, *args)
        torch.cuda.synchronize()
        assert out.tolist() == expected


def test_dynamic_shared_memory_over_48k(mod, torch, gen):
    chunk = 24576  # floats: 96 KiB of shared memory per block, as the metadata says
    optin = tessera._driver.driver().device_attribute(
        tessera._driver.CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN, torch.cuda.current_device())
    if optin < 4 * chunk:
        pytest.skip("device offers less than 96 KiB of shared memory per block")
    n = 3 * chunk + 1000
    x = torch.randn(n, device="cuda", generator=gen)
    y = torch.full((n,), NAN, device="cuda")
    mod.reverse_chunks[cdiv(n, chunk)](x, y, n, chunk)
    padded = torch.zeros(cdiv(n, chunk) * chunk, device="cuda")
    padded[:n] = x
    torch.cuda.synchronize()
    assert torch.equal(y, padded.view(-1, chunk).flip(1).flatten()[:n])


@pytest.mark.parametrize("how", ["current", "explicit", "handle"])
def test_launch_goes_to_the_right_stream(mod, torch, gen, how):
    """The launch must queue behind work on the stream: on `s`, a long sleep then an update of x. A launch on any
    other stream (PyTorch's side streams do not synchronise with the default one) would read the old x."""
    if not hasattr(torch.cuda, "_sleep"):
        pytest.skip("torch.cuda._sleep is not available")
    n = 1 << 20
    x, y, new_x = (torch.randn(n, device="cuda", generator=gen) for _ in range(3))
    z = torch.full((n,), NAN, device="cuda")
    s = torch.cuda.Stream()
    s.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(s):
        torch.cuda._sleep(50_000_000)  # tens of milliseconds of GPU time
        x.copy_(new_x)
        if how == "current":
            mod.vector_add[cdiv(n, 256)](x, y, z, n)
    if how != "current":
        mod.vector_add[cdiv(n, 256)](x, y, z, n, stream=s if how == "explicit" else s.cuda_stream)
    torch.cuda.synchronize()
    assert torch.equal(z, new_x + y)


@pytest.mark.parametrize("first", ["torch", "tessera"])
def test_initialisation_order(kernels_json, first):
    """Whoever initialises CUDA first, both share the primary context. Run in a fresh process, since this one has
    initialised CUDA already."""
    init_torch = "torch.cuda.init(); _ = torch.empty(1, device='cuda')"
    load = f"mod = tessera.load({str(kernels_json)!r})"
    steps = [init_torch, load] if first == "torch" else [load, "assert not torch.cuda.is_initialized()", init_torch]
    code = "\n".join([
        f"import sys; sys.path.insert(0, {str(REPO / 'python')!r})",
        "import torch, tessera",
        *steps,
        "x, y = torch.randn(2, 1000, device='cuda')",
        "z = torch.full((1000,), float('nan'), device='cuda')",
        "mod.vector_add[4](x, y, z, 1000)",
        "torch.cuda.synchronize()",
        "assert torch.equal(z, x + y)",
        "print('ok')",
    ])
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stdout + r.stderr


def test_cubin(kernels_json, torch, gen):
    if torch.cuda.get_device_capability() != (9, 0):
        pytest.skip("the test cubin is built for sm_90")
    m = tessera.load(kernels_json, binary=GPU_DIR / "tests" / "test_kernels.sm_90.cubin")
    check_vector_add(torch, gen, 3000, lambda x, y, z, n: m.vector_add[cdiv(n, 256)](x, y, z, n))


def test_module_is_loaded_once_per_context(mod, torch, gen):
    for _ in range(3):
        check_vector_add(torch, gen, 100, lambda x, y, z, n: mod.vector_add[1](x, y, z, n))
    assert len(mod._modules) == 1


def _ptx_header(kernels_json):
    lines = kernels_json.with_suffix(".ptx").read_text().splitlines()
    return "\n".join(l for l in lines if l.startswith((".version", ".target", ".address_size"))) + "\n"


def test_bad_ptx_reports_the_jit_log(kernels_json, torch):
    bad = _ptx_header(kernels_json) + ".visible .entry broken()\n{\n\tnot_an_instruction.u32 %r1, 7;\n\tret;\n}\n"
    with pytest.raises(tessera.CudaError) as e:
        tessera.load_ptx(bad, {"kernels": [{"name": "broken", "threads_per_block": 32, "params": []}]})
    assert e.value.name == "CUDA_ERROR_INVALID_PTX"
    assert e.value.call == "cuModuleLoadDataEx"
    assert "error" in e.value.log.lower()
    assert "JIT log" in str(e.value) and e.value.log in str(e.value)


def test_kernel_missing_from_the_image(kernels_json, torch):
    meta = {"kernels": [{"name": "no_such_kernel", "threads_per_block": 32, "params": []}]}
    with pytest.raises(tessera.CudaError) as e:
        tessera.load_ptx(kernels_json.with_suffix(".ptx").read_text(), meta)
    assert e.value.name == "CUDA_ERROR_NOT_FOUND" and "no_such_kernel" in str(e.value)


def test_launch_error_is_raised_and_not_sticky(mod, kernels_json, torch, gen):
    meta = json.loads(kernels_json.read_text())
    meta["kernels"] = [dict(k, threads_per_block=2048, num_warps=64) for k in meta["kernels"]
                       if k["name"] == "vector_add"]
    too_wide = tessera.load_ptx(kernels_json.with_suffix(".ptx").read_bytes(), meta)
    x = torch.randn(16, device="cuda", generator=gen)
    with pytest.raises(tessera.CudaError) as e:
        too_wide.vector_add[1](x, x, x, 16)
    assert e.value.name == "CUDA_ERROR_INVALID_VALUE" and e.value.call == "cuLaunchKernel"
    assert "block=(2048, 1, 1)" in str(e.value)
    check_vector_add(torch, gen, 777, lambda x, y, z, n: mod.vector_add[cdiv(n, 256)](x, y, z, n))


def test_argument_errors(mod, torch):
    f32 = torch.zeros(8, device="cuda")
    va = mod.vector_add[1]
    with pytest.raises(TypeError, match=r"vector_add\(x, y, z, n\) takes 4 argument\(s\), got 3"):
        va(f32, f32, f32)
    with pytest.raises(TypeError, match="torch.float32"):
        va(f32.double(), f32, f32, 8)
    with pytest.raises(ValueError, match="CUDA tensor"):
        va(f32.cpu(), f32, f32, 8)
    with pytest.raises(TypeError, match="pointer"):
        va("x", f32, f32, 8)
    with pytest.raises(TypeError, match="is i32"):
        va(f32, f32, f32, 8.0)
    with pytest.raises(TypeError, match=r"\.item\(\)"):
        va(f32, f32, f32, torch.tensor(8))
    with pytest.raises(ValueError, match="does not fit in i32"):
        va(f32, f32, f32, 1 << 40)
    with pytest.raises(TypeError, match="stream"):
        mod.vector_add[1](f32, f32, f32, 8, stream="default")
    for grid in [(1, 1, 1, 1), -1, 1.5, ()]:
        with pytest.raises(ValueError, match="grid"):
            mod.vector_add[grid](f32, f32, f32, 8)
    with pytest.raises(AttributeError, match="no kernel 'nope'"):
        mod.nope


def test_raw_pointers(mod, torch, gen):
    check_vector_add(torch, gen, 300, lambda x, y, z, n: mod.vector_add[2](x.data_ptr(), y.data_ptr(),
                                                                          z.data_ptr(), n))
