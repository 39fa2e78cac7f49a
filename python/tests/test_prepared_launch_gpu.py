"""Kernel.prepare / runtime.launch_prepared on a GPU (the hand-written kernels of data/test_kernels.cu): a launch
packed once and repeated computes what Kernel.launch computes, on the stream it is given, for whatever the
tensors hold at each call; an empty grid launches nothing. Outputs are NaN-poisoned first, inputs random."""
import pytest

from tessera.runtime import PreparedLaunch, launch_prepared

NAN = float("nan")


def test_prepared_launch_repeats_with_current_contents(mod, torch, gen):
    n = 5000
    x, y = torch.empty(n, device="cuda"), torch.empty(n, device="cuda")
    z = torch.full((n + 64,), NAN, device="cuda")
    p = mod.vector_add.prepare(((n + 255) // 256,), x, y, z, n)
    assert isinstance(p, PreparedLaunch)
    for _ in range(3):
        x.copy_(torch.randn(n, device="cuda", generator=gen))
        y.copy_(torch.randn(n, device="cuda", generator=gen))
        z.fill_(NAN)
        p()
        torch.cuda.synchronize()
        assert torch.equal(z[:n], x + y)
        assert z[n:].isnan().all(), "wrote past n"


def test_launch_prepared_in_order_on_a_stream(mod, torch, gen):
    n = 3000
    a, b = torch.randn(n, device="cuda", generator=gen), torch.randn(n, device="cuda", generator=gen)
    t = torch.full((n,), NAN, device="cuda")
    out = torch.full((n,), NAN, device="cuda")
    g = ((n + 255) // 256,)
    first = mod.vector_add.prepare(g, a, b, t, n)     # t = a + b
    second = mod.vector_add.prepare(g, t, a, out, n)  # out = t + a: must see the first's result
    s = torch.cuda.Stream()
    s.wait_stream(torch.cuda.current_stream())
    launch_prepared([first, second], stream=s)
    s.synchronize()
    assert torch.equal(out, (a + b) + a)


def test_prepared_empty_grid_launches_nothing(mod, torch):
    z = torch.full((16,), NAN, device="cuda")
    mod.vector_add.prepare((0,), z, z, z, 16)()
    torch.cuda.synchronize()
    assert z.isnan().all()


def test_prepare_checks_arguments(mod, torch):
    z = torch.zeros(16, device="cuda")
    with pytest.raises(TypeError):
        mod.vector_add.prepare((1,), z, z, z)  # one argument short
