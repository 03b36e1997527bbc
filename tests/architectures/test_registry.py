"""The registry and the foundation presets (simple, lenet5)."""

import subprocess
import sys

import pytest

from skcnn import get_architecture, list_architectures, register
from skcnn.architectures._common import resolve_units, resolve_widths


def test_list_architectures_does_not_import_keras():
    code = (
        "import sys; from skcnn import list_architectures; t = list_architectures();"
        "assert 'simple' in t.index and 'lenet5' in t.index;"
        "print('keras' in sys.modules, 'tensorflow' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_list_architectures_metadata():
    table = list_architectures()
    assert table.index.name == "name"
    for column in ("family", "paper", "year", "default_input_shape", "min_input_shape", "params"):
        assert column in table.columns
    assert table.loc["simple", "params"] == 93_322
    assert table.loc["lenet5", "params"] == 61_706
    assert table.loc["lenet5", "year"] == 1998
    assert table.loc["simple", "min_input_shape"] == (18, 18, 1)


@pytest.mark.parametrize("name", ["simple", "lenet5"])
def test_registered_count_matches_built_model(name):
    spec = get_architecture(name)
    model = spec.load()(spec.default_input_shape, spec.default_classes)
    assert model.count_params() == spec.params


@pytest.mark.parametrize("name", ["simple", "lenet5"])
def test_builds_at_minimum_input(name):
    import numpy as np

    spec = get_architecture(name)
    model = spec.load()(spec.min_input_shape, 3)
    out = model.predict_on_batch(np.zeros((2, *spec.min_input_shape), dtype="float32"))
    assert out.shape == (2, 3)


def test_simple_layers_read_like_the_lab():
    spec = get_architecture("simple")
    model = spec.load()((28, 28, 1), 10)
    convs = [layer for layer in model.layers if type(layer).__name__ == "Conv2D"]
    assert [c.filters for c in convs] == [32, 64, 64]
    assert [c.kernel_size for c in convs] == [(3, 3)] * 3
    assert model.layers[-1].units == 10


def test_lenet5_uses_tanh_and_average_pooling():
    model = get_architecture("lenet5").load()((32, 32, 1), 10)
    names = [layer.name for layer in model.layers]
    assert names[1:] == ["c1", "s2", "c3", "s4", "c5", "flatten", "f6", "predictions"]
    assert model.get_layer("c5").output.shape[1:3] == (1, 1)
    assert model.get_layer("f6").activation.__name__ == "tanh"


def test_filters_int_scales_all_stages():
    assert resolve_widths(16, (32, 64, 64), "simple") == (16, 32, 32)
    assert resolve_widths(12, (6, 16, 120), "lenet5") == (12, 32, 240)
    assert resolve_widths(None, (6, 16, 120), "lenet5") == (6, 16, 120)
    assert resolve_widths([8, 9, 10], (6, 16, 120), "lenet5") == (8, 9, 10)
    model = get_architecture("simple").load()((28, 28, 1), 10, filters=8)
    convs = [layer.filters for layer in model.layers if type(layer).__name__ == "Conv2D"]
    assert convs == [8, 16, 16]


def test_filters_and_units_errors():
    with pytest.raises(ValueError, match=r"3 convolution stages.*2 entries"):
        resolve_widths((1, 2), (32, 64, 64), "simple")
    with pytest.raises(ValueError, match="positive ints"):
        resolve_widths((1, 0, 2), (32, 64, 64), "simple")
    assert resolve_units(128, (84,), "lenet5") == (128,)
    assert resolve_units((10, 20), (84,), "lenet5") == (10, 20)


def test_unknown_name_suggests_closest():
    with pytest.raises(ValueError, match=r"Did you mean 'simple'\?"):
        get_architecture("simpel")
    with pytest.raises(ValueError, match="Valid names: "):
        get_architecture("no-such-net")


def test_register_decorator_and_duplicates(monkeypatch):
    import skcnn.architectures._registry as registry

    get_architecture("simple")  # load the built-ins before taking a private copy
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))

    @register("test_registered_net", min_input_shape=(10, 10, 1), overwrite=True)
    def build(input_shape, n_classes):
        raise AssertionError("not built here")

    spec = get_architecture("test_registered_net")
    assert spec.load() is build
    assert spec.min_input_shape == (10, 10, 1)
    with pytest.raises(ValueError, match="already registered"):
        register("test_registered_net")(build)
