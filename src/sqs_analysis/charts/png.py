"""A figure as PNG bytes at the house resolution (:data:`~sqs_analysis.charts.style.DPI`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqs_analysis.charts.style import DPI, PNG_LEVEL

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG bytes at the house resolution."""
    import io

    buffer = io.BytesIO()
    fig.savefig(
        buffer, format="png", dpi=DPI, facecolor="white", pil_kwargs={"compress_level": PNG_LEVEL}
    )
    return buffer.getvalue()
