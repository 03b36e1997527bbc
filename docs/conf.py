"""Sphinx configuration of skcnn's documentation.

Build with ``make docs`` (installs the ``docs`` extra into .venv, then runs
``sphinx-build -W --keep-going -b html docs docs/_build/html``).

- numpydoc renders the docstrings; autosummary writes one page per public object
  into ``generated/`` (git-ignored) from the templates in ``_templates/``.
- myst-parser reads the Markdown pages (``architectures.md``, ``benchmarks.md``)
  as they are.
- sphinx-gallery renders ``examples/`` into ``auto_examples/`` (git-ignored),
  running the ``plot_*`` scripts and showing their output and figures.
"""

import os
import shutil
import sys
from pathlib import Path

# Headless, and before anything imports matplotlib.
os.environ["MPLBACKEND"] = "Agg"
# TensorFlow's C++ start-up lines would end up in the build log.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS / "sphinxext"))
sys.path.insert(0, str(ROOT))

import skcnn  # noqa: E402

project = "skcnn"
author = "the skcnn developers"
copyright = "the skcnn developers, BSD-3-Clause"
version = release = skcnn.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "myst_parser",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "sphinxext", "Thumbs.db", ".DS_Store"]
templates_path = ["_templates"]
default_role = "literal"

# -- API reference ------------------------------------------------------------
autosummary_generate = True
autodoc_typehints = "none"  # numpydoc's Parameters sections carry the types
autodoc_member_order = "groupwise"
numpydoc_show_class_members = False  # the class templates list the methods
numpydoc_class_members_toctree = False

# -- Markdown -----------------------------------------------------------------
myst_heading_anchors = 3

# -- Example gallery ----------------------------------------------------------
# sphinx-gallery needs a GALLERY_HEADER.rst beside the scripts; examples/ holds
# only scripts, so the gallery is built from a copy of examples/ in _build/ with
# the header from gallery_header.txt (used only when examples/ has no header of
# its own). The copy is refreshed at every build; unchanged scripts are not run
# again (sphinx-gallery compares their checksums in auto_examples/).
GALLERY_SOURCE = DOCS / "_build" / "gallery_src"
_HEADERS = ("GALLERY_HEADER.rst", "GALLERY_HEADER.txt", "README.rst", "README.txt")


def _stage_examples():
    if GALLERY_SOURCE.exists():
        shutil.rmtree(GALLERY_SOURCE)
    shutil.copytree(
        ROOT / "examples",
        GALLERY_SOURCE,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"),
    )
    if not any((GALLERY_SOURCE / name).exists() for name in _HEADERS):
        shutil.copyfile(DOCS / "gallery_header.txt", GALLERY_SOURCE / "GALLERY_HEADER.rst")
    # A page left in auto_examples/ by a script since renamed or removed would be
    # in no toctree, which -W turns into an error: drop those pages.
    scripts = {path.stem for path in GALLERY_SOURCE.glob("*.py")}
    for page in (DOCS / "auto_examples").glob("*.rst"):
        if page.stem not in scripts and page.stem not in ("index", "sg_execution_times"):
            for stale in page.parent.glob(page.stem + ".*"):
                stale.unlink()


_stage_examples()

sphinx_gallery_conf = {
    "examples_dirs": os.path.relpath(GALLERY_SOURCE, DOCS),
    "gallery_dirs": "auto_examples",
    # Run only plot_*.py; other scripts (a Dask example needing a cluster) are
    # rendered without being run.
    "filename_pattern": r"/plot_",
    "ignore_pattern": r"__init__\.py",
    "abort_on_example_error": True,
    # skcnn's plotting functions return pyplot figures, which matplotlib's
    # scraper shows; some examples make Figure objects directly, which only
    # sphinxext/gallery_scrapers.py sees. It runs first: it tells pyplot's
    # figures by their manager, which matplotlib's scraper removes by closing
    # them, and so it shows each figure once.
    "image_scrapers": ("gallery_scrapers.figure_scraper", "matplotlib"),
    "matplotlib_animations": False,
    "doc_module": ("skcnn",),
    "reference_url": {"skcnn": None},
    "backreferences_dir": "generated/backreferences",
    "inspect_global_variables": False,
    "remove_config_comments": True,
    "within_subsection_order": "FileNameSortKey",
    "show_memory": False,
    "min_reported_time": 1,
}

# -- HTML ---------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"skcnn {release}"
html_static_path = []
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc", "sourcelink"],
}
html_show_sourcelink = True
# Pages without sub-pages get no (empty) section navigation on the left.
html_sidebars = {
    page: []
    for page in (
        "index",
        "getting_started",
        "user_guide",
        "caret_extra",
        "roc_analysis",
        "resamples",
        "inspection",
        "reproducibility",
        "r_to_python",
        "scikeras_migration",
        "architectures",
        "benchmarks",
        "supported_versions",
    )
}


# -- scikit-learn's inherited docstrings ----------------------------------------
# CNNClassifier's page shows the methods it inherits from scikit-learn (score,
# get_params, set_params, set_fit_request, ...). Their docstrings refer to labels
# and glossary terms of scikit-learn's own documentation, which this site does
# not have (and it is built offline, so no intersphinx). Exactly those targets
# are pointed at scikit-learn's site; any other unresolved reference still fails
# the -W build.
SKLEARN_DOCS = "https://scikit-learn.org/stable/"
# (CNNRegressor inherits RegressorMixin.score, CNNFeatureExtractor set_output.)
_SET_OUTPUT_EXAMPLE = "auto_examples/miscellaneous/plot_set_output.html"
SKLEARN_TARGETS = {
    ("ref", "accuracy_score"): "modules/model_evaluation.html#accuracy-score",
    ("ref", "r2_score"): "modules/model_evaluation.html#r2-score",
    ("ref", "metadata_routing"): "metadata_routing.html",
    ("ref", "df_output_transform"): _SET_OUTPUT_EXAMPLE,
    ("ref", "sphx_glr_auto_examples_miscellaneous_plot_set_output.py"): _SET_OUTPUT_EXAMPLE,
    ("term", "meta-estimator"): "glossary.html#term-meta-estimator",
}


def _sklearn_reference(app, env, node, contnode):
    from docutils import nodes

    key = (node.get("reftype"), node.get("reftarget", "").lower())
    if key not in SKLEARN_TARGETS:
        return None
    reference = nodes.reference("", "", internal=False, refuri=SKLEARN_DOCS + SKLEARN_TARGETS[key])
    reference += contnode
    return reference


# -- :doc: in docstrings ----------------------------------------------------------
# A docstring's :doc:`reproducibility` is rendered on generated/<name>.rst, where
# Sphinx reads it relative to generated/ and finds nothing. Docstrings mean the
# site's top-level pages, so such a reference is resolved against the docs root
# (only when the page exists there; anything else still fails the -W build).
def _docstring_doc_reference(app, env, node, contnode):
    from docutils import nodes

    if node.get("reftype") != "doc" or not node.get("refdoc", "").startswith("generated/"):
        return None
    target = node.get("reftarget", "").lstrip("/")
    if target not in env.all_docs:
        return None
    uri = app.builder.get_relative_uri(node["refdoc"], target)
    reference = nodes.reference("", "", internal=True, refuri=uri)
    if node.get("refexplicit"):
        reference += contnode
    else:
        reference += nodes.inline("", env.titles[target].astext(), classes=["std", "std-doc"])
    return reference


def setup(app):
    app.connect("missing-reference", _sklearn_reference)
    app.connect("missing-reference", _docstring_doc_reference)
