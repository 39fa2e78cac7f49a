"""tessera.kernels.module(): one loaded Module per specialisation and folder, found without touching the file
system after the first call. Pure Python: tessera.load is replaced by a stand-in that records what it loads."""
import json

import pytest

from tessera import kernels as K


@pytest.fixture(autouse=True)
def fake_load(monkeypatch):
    loaded = []

    def load(path):
        loaded.append(str(path))
        return object()

    monkeypatch.setattr(K, "load", load)
    monkeypatch.setattr(K, "_modules", {})
    monkeypatch.setattr(K, "_by_given", {})
    return loaded

META = {"target": "sm_90a", "ptx": "k.ptx",
        "kernels": [{"name": "k", "num_warps": 4, "threads_per_block": 128, "shared_bytes": 0,
                     "params": [{"name": "x", "type": "ptr", "elem": "f32"}]}]}


def _folder(path, name):
    path.mkdir()
    (path / f"{name}.json").write_text(json.dumps(dict(META, ptx=f"{name}.ptx")))
    (path / f"{name}.ptx").write_text("// not assembled by this test\n")
    return path


def test_module_is_cached_per_folder(tmp_path, monkeypatch, fake_load):
    a, b = _folder(tmp_path / "a", "spec"), _folder(tmp_path / "b", "spec")
    first = K.module("spec", a)
    assert K.module("spec", str(a)) is first  # the same folder given as str or Path: one Module
    other = K.module("spec", b)
    assert other is not first
    monkeypatch.setenv("TESSERA_KERNEL_DIR", str(b))
    assert K.module("spec") is other
    monkeypatch.setenv("TESSERA_KERNEL_DIR", str(a))
    assert K.module("spec") is first  # the folder follows $TESSERA_KERNEL_DIR, call by call
    assert fake_load == [str(a / "spec.json"), str(b / "spec.json")]  # each loaded once


def test_cached_lookup_does_not_touch_the_file_system(tmp_path, monkeypatch):
    a = _folder(tmp_path / "a", "spec")
    first = K.module("spec", a)
    (a / "spec.json").unlink()  # a second lookup must not need it
    monkeypatch.setattr(K.Path, "resolve", lambda self, *args: pytest.fail("resolved the path again"))
    assert K.module("spec", a) is first


def test_missing_specialisation_still_raises(tmp_path):
    a = _folder(tmp_path / "a", "spec")
    with pytest.raises(FileNotFoundError, match="other"):
        K.module("other", a)
    with pytest.raises(FileNotFoundError, match="other"):  # a failure is not cached
        K.module("other", a)
