"""R's print rules: format(), format.pval(), round(), signif(), as.character(),
cat(), print(matrix), print() of a named vector and print.table(), ported from
R's C sources so that every R-style print in skcnn (caret's reports, pROC's,
caret's summaries) reads character for character as R's does.

A private module of the root package, one floor below every package that prints
the way R does (``metrics``, ``model_selection``): the names in ``__all__`` are
the shared helpers; it imports nothing of skcnn but ``skcnn._labels``."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ._labels import native

__all__ = [
    "NA",
    "PRINT_DIGITS",
    "RNA",
    "cat",
    "labelled_text_lines",
    "matrix_lines",
    "named_vector_lines",
    "r_as_character",
    "r_format",
    "r_format_pval",
    "r_label",
    "r_round",
    "r_signif",
    "r_table_lines",
]

PRINT_DIGITS = 4  # caret: max(3, getOption("digits") - 3)
_PRINT_WIDTH = 80  # getOption("width")


class RNA:
    """R's NA where caret answers NA rather than NaN (it prints differently)."""

    def __repr__(self) -> str:
        return "NA"


NA = RNA()


def r_label(value: Any) -> str:
    """A level as R shows it (as.character of the factor level)."""
    value = native(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return r_as_character(value)
    return str(value)


# R's tbl[] in format.c: the double literals 1e-1, 1e0, ..., 1e27 widened to long
# double. From 1e23 on the double literal is not exactly a power of ten, and R
# inherits that rounding, so we do too.
_TBL = [np.longdouble(float(f"1e{k}")) for k in range(-1, 28)]
_KP_MAX = 27


def _scientific(x: float, digits: int) -> tuple[int, int, int, bool]:
    """Port of R's scientific() (src/main/format.c): neg, kpower, nsig, roundingwidens."""
    if x == 0.0:
        return 0, 0, 1, False
    neg = 1 if x < 0 else 0
    r = abs(x)
    kp = math.floor(math.log10(r)) - digits + 1
    r_prec = np.longdouble(r)
    if abs(kp) <= _KP_MAX:
        if kp > 0:
            r_prec /= _TBL[kp + 1]
        elif kp < 0:
            r_prec *= _TBL[-kp + 1]
    else:
        r_prec /= np.power(np.longdouble(10), kp)
    if r_prec < _TBL[digits]:
        r_prec *= 10
        kp -= 1
    alpha = float(np.rint(r_prec))
    nsig = digits
    for _ in range(digits):
        alpha /= 10.0
        if alpha == math.floor(alpha):
            nsig -= 1
        else:
            break
    if nsig == 0 and digits > 0:
        nsig = 1
        kp += 1
    kpower = kp + digits - 1
    rgt = min(max(digits - kpower, 0), _KP_MAX)
    fuzz = 0.5 / float(_TBL[1 + rgt])
    widens = 0 < kpower <= _KP_MAX and np.longdouble(r) < _TBL[kpower + 1] - fuzz
    return neg, kpower, nsig, bool(widens)


def _format_real(values: list, digits: int) -> tuple[int, int, int]:
    """Port of R's formatReal(): common width, decimals and exponent flag."""
    finite = [v for v in values if v is not NA and math.isfinite(v)]
    neg = 0
    rgt = mxl = mxsl = mxns = -(10**9)
    mnl = 10**9
    for x in finite:
        neg_i, kpower, nsig, widens = _scientific(x, digits)
        left = kpower + 1 - (1 if widens else 0)
        sleft = neg_i + (1 if left <= 0 else left)
        rgt = max(rgt, nsig - left)
        mxl, mnl = max(mxl, left), min(mnl, left)
        mxsl, mxns = max(mxsl, sleft), max(mxns, nsig)
        neg = neg or neg_i
    if mxl < 0:
        mxsl = 1 + neg
    rgt = max(rgt, 0)
    fixed_width = mxsl + rgt + (rgt != 0)
    w = d = e = 0
    if finite:
        e = 2 if (mxl > 100 or mnl <= -99) else 1
        d = mxns - 1
        w = neg + (d > 0) + d + 4 + e
        if fixed_width <= w:  # R_print.scipen = 0
            e, d, w = 0, rgt, fixed_width
    if any(v is NA for v in values):
        w = max(w, 2)
    nonfinite = [v for v in values if v is not NA and not math.isfinite(v)]
    if any(math.isnan(v) or v > 0 for v in nonfinite):
        w = max(w, 3)
    if any(v < 0 for v in nonfinite):
        w = max(w, 4)
    return w, d, e


def _encode_real(x: float | RNA, w: int, d: int, e: int) -> str:
    """Port of R's EncodeReal0()."""
    if x is NA:
        return "NA".rjust(w)
    if math.isnan(x):
        return "NaN".rjust(w)
    if math.isinf(x):
        return ("Inf" if x > 0 else "-Inf").rjust(w)
    x = x + 0.0  # no negative zero
    if e:
        return f"{x:{w}.{d}e}"
    return f"{x:{w}.{d}f}"


def r_format(values: list, digits: int) -> list[str]:
    """R's format(x, digits = digits) for a numeric vector (common width)."""
    w, d, e = _format_real(values, digits)
    return [_encode_real(v, w, d, e) for v in values]


def r_as_character(x: float | RNA) -> str:
    """R's as.character() of one double (15 significant digits, trailing zeros dropped)."""
    if x is NA:
        return "NA"
    text = _encode_real(x, *_format_real([x], 15))
    if "." in text:
        mantissa, _, exponent = text.partition("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        text = mantissa + ("e" + exponent if exponent else "")
    return text


def _r_pow_di(x: float, n: int) -> float:
    """R's R_pow_di(): x**n by repeated squaring, as R rounds it."""
    result = 1.0
    if n < 0:
        n, x = -n, 1 / x
    while n:
        if n & 1:
            result *= x
        n >>= 1
        if n:
            x *= x
    return result


_LOG10_2 = 0.301029995663981195213738894724  # R's M_LOG10_2


def r_round(x: float | RNA, digits: int) -> float | RNA:
    """Port of R 4's round(x, digits) (src/nmath/fround.c): the nearer candidate."""
    if x is NA or not math.isfinite(x) or x == 0.0:
        return x
    sign = -1.0 if x < 0 else 1.0
    x = abs(x)
    if _LOG10_2 * (0.5 + (math.frexp(x)[1] - 1)) + digits > 15:  # no rounding needed
        return sign * x
    pow10 = _r_pow_di(10.0, digits)
    x10 = x * pow10
    i10 = math.floor(x10)
    down = i10 / pow10
    up = math.ceil(x10) / pow10
    du, dd = up - x, x - down
    return sign * (up if (du < dd or (math.fmod(i10, 2.0) == 1 and du == dd)) else down)


def _pval_fixed(p: float, digits: int) -> bool:
    expo = math.floor(math.log10(p if p > 0 else 1e-50))
    return expo >= -3 or (expo == -4 and digits > 1)


def r_format_pval(pvalues: list[float], digits: int) -> list[str]:
    """Port of R's format.pval(pv, digits): "< 2.2e-16" below machine epsilon."""
    eps = np.finfo(float).eps
    result = ["NA" if math.isnan(p) else "" for p in pvalues]
    present = [i for i, p in enumerate(pvalues) if not math.isnan(p)]
    tiny = [i for i in present if pvalues[i] < eps]
    rest = [i for i in present if pvalues[i] >= eps]
    # Fixed and scientific candidates are formatted as two separate vectors.
    fixed = [i for i in rest if _pval_fixed(pvalues[i], digits)]
    for group in (fixed, [i for i in rest if i not in fixed]):
        for i, text in zip(group, r_format([pvalues[i] for i in group], digits), strict=True):
            result[i] = text
    if tiny:
        small_digits = max(1, digits - 2)
        if rest:
            nc = max(len(result[i]) for i in rest)
            if small_digits > 1 and small_digits + 6 > nc:
                small_digits = max(1, nc - 7)
            sep = "" if small_digits == 1 and nc <= 6 else " "
        else:
            sep = "" if small_digits == 1 else " "
        text = "<" + sep + r_format([eps], small_digits)[0]
        for i in tiny:
            result[i] = text
    return result


def matrix_lines(
    columns: list[list[str]],
    row_labels: list[str],
    col_labels: list[str],
    *,
    right: bool,
    row_title: str | None = None,
    col_title: str | None = None,
) -> list[str]:
    """Port of R's printMatrix() for cells already encoded as strings.

    ``right`` aligns cells and column labels right (numbers) or left (a
    character matrix printed with quote = FALSE). Columns that do not fit in
    80 characters go to further blocks, as R does.
    """
    rlabw = max(map(len, row_labels), default=0)
    offset = 0
    if row_title is not None:
        offset = 2 if len(row_title) < rlabw + 2 else len(row_title) - rlabw
        rlabw += offset
    widths = [max(len(lab), *map(len, col)) for lab, col in zip(col_labels, columns, strict=True)]

    def cell(text: str, w: int) -> str:
        return " " + (text.rjust(w) if right else text.ljust(w))

    lines = []
    start = 0
    while start < len(columns):
        stop, used = start + 1, rlabw + widths[start] + 1
        while stop < len(columns) and used + widths[stop] + 1 < _PRINT_WIDTH:
            used += widths[stop] + 1
            stop += 1
        block = range(start, stop)
        if col_title is not None:
            lines.append(" " * rlabw + col_title)
        head = row_title.ljust(rlabw) if row_title is not None else " " * rlabw
        lines.append(head + "".join(cell(col_labels[j], widths[j]) for j in block))
        for i, label in enumerate(row_labels):
            lead = " " * offset + label.ljust(rlabw - offset)
            lines.append(lead + "".join(cell(columns[j][i], widths[j]) for j in block))
        start = stop
    return lines


def r_table_lines(counts: pd.DataFrame) -> list[str]:
    """R's print.table(): counts formatted to one common width, right-aligned."""
    cells = [[str(int(v)) for v in row] for row in counts.to_numpy().T]
    width = max(len(v) for column in cells for v in column)
    return matrix_lines(
        [[v.rjust(width) for v in column] for column in cells],
        [r_label(v) for v in counts.index],
        [r_label(v) for v in counts.columns],
        right=True,
        row_title=_dim_name(counts.index),
        col_title=_dim_name(counts.columns),
    )


def _dim_name(index: pd.Index) -> str | None:
    return None if index.name is None else str(index.name)


def labelled_text_lines(names: list[str], texts: list[str]) -> list[str]:
    """caret's two-column character matrix: right-justified "Name :" and a value."""
    labels = [f"{n} :" if n else "" for n in names]
    width = max(map(len, labels))
    labels = [label.rjust(width) for label in labels]
    return matrix_lines([labels, texts], [""] * len(labels), ["", ""], right=False)


def r_signif(x: float, digits: int) -> float:
    """Port of R's signif() (src/nmath/fprec.c)."""
    if not math.isfinite(x) or x == 0.0:
        return x
    sign = -1.0 if x < 0 else 1.0
    x = abs(x)
    l10 = math.log10(x)
    e10 = int(digits - 1 - math.floor(l10))
    if abs(l10) < 308 - 2:
        p10 = 1.0
        if e10 > 308:
            p10 = _r_pow_di(10.0, e10 - 308)
            e10 = 308
        if e10 > 0:
            pow10 = _r_pow_di(10.0, e10)
            return sign * (round((x * pow10) * p10) / pow10) / p10
        pow10 = _r_pow_di(10.0, -e10)
        return sign * (round(x / pow10) * pow10)
    return float(f"{sign * x:.{digits - 1}e}")


def cat(x: float) -> str:
    """A number as R's cat() writes it (7 significant digits)."""
    if isinstance(x, float) and math.isnan(x):
        return "NA"
    return r_format([float(x)], 7)[0]


def named_vector_lines(names: list[str], values: list[float], digits: int = 7) -> list[str]:
    """R's print() of a named numeric vector (printNamedVector, gap 1, width 80)."""
    cells = r_format(values, digits)
    width = max(max(map(len, cells)), max(map(len, names)))
    per_line = max(1, 80 // (width + 1))
    lines = []
    for start in range(0, len(values), per_line):
        block = range(start, min(start + per_line, len(values)))
        lines.append("".join(names[k].rjust(width) + " " for k in block))
        lines.append("".join(cells[k].rjust(width) + " " for k in block))
    return lines
