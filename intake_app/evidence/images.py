"""Images, decoded only within limits: checks, thumbnails and packet-sized copies, in memory."""

from __future__ import annotations

import io
import warnings
from typing import BinaryIO

from PIL import Image, ImageOps

from intake_app.evidence.errors import DamagedFile, ImageTooLarge, UnsupportedFile
from intake_app.evidence.sniff import FileType

DEFAULT_MAX_PIXELS = 80_000_000  # a 10,000 × 8,000 scan; phone cameras stay well below
# What decoding one image may take in memory at its peak, worked out from width × height × the
# bytes Pillow keeps per pixel for its mode (a 16-bit or transparent image is also converted
# to RGBA and flattened onto white: two more full copies). Checked before any pixel is decoded.
MAX_DECODED_BYTES = 512 * 1024 * 1024
_BYTES_PER_PIXEL = {"1": 1, "L": 1, "P": 1, "LA": 2, "PA": 2, "La": 2, "I;16": 2, "I;16B": 2}
_CONVERTED = frozenset({"RGB", "L"})  # modes placed as they are; any other is converted twice
_heif_ready: bool | None = None


def heif_available() -> bool:
    """Whether HEIC photos can be read here (pillow-heif installed and registered)."""
    global _heif_ready
    if _heif_ready is None:
        try:
            import pillow_heif
        except ImportError:
            _heif_ready = False
        else:
            pillow_heif.register_heif_opener()
            _heif_ready = True
    return _heif_ready


class _Borrowed:
    """The caller's stream, lent to Pillow: Pillow may close images, never the caller's file."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def read(self, n: int = -1) -> bytes:
        return self._stream.read(n)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._stream.seek(offset, whence)

    def tell(self) -> int:
        return self._stream.tell()

    def close(self) -> None:
        """Left open: it belongs to the caller."""


def open_image(stream: BinaryIO, file_type: FileType, max_pixels: int) -> Image.Image:
    """The image opened with only its own decoder, refused when larger than max_pixels."""
    if file_type.pil_format == "HEIF" and not heif_available():
        raise UnsupportedFile("HEIC support (pillow-heif) is not installed")
    formats = (file_type.pil_format,) if file_type.pil_format else None
    with warnings.catch_warnings():
        # Pillow only warns between its limit and twice its limit: make that a refusal too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(_Borrowed(stream), formats=formats)  # type: ignore[arg-type]
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageTooLarge(str(exc)) from exc
        except Exception as exc:
            raise DamagedFile(f"{type(exc).__name__}") from exc
    width, height = image.size
    if width < 1 or height < 1:
        raise DamagedFile("image has no pixels")
    if width * height > max_pixels:
        raise ImageTooLarge(f"{width}x{height}")
    if file_type.pil_format != "JPEG" and decoded_bytes(image) > MAX_DECODED_BYTES:
        # (A JPEG is decoded at a fraction of its size: `draft` before every load.)
        raise ImageTooLarge(f"{width}x{height} {image.mode}")
    return image


def decoded_bytes(image: Image.Image) -> int:
    """Peak memory to decode and flatten the image, from its header alone."""
    width, height = image.size
    per_pixel = _BYTES_PER_PIXEL.get(image.mode, 4)
    if image.mode not in _CONVERTED:
        per_pixel += 8  # an RGBA copy and the white RGB page it is flattened onto
    return width * height * per_pixel


def decode_check(stream: BinaryIO, file_type: FileType, max_pixels: int) -> tuple[int, int]:
    """Decode the whole image (reduced where the format allows) to prove it is readable."""
    image = open_image(stream, file_type, max_pixels)
    try:
        size = image.size
        if file_type.pil_format == "JPEG":
            # JPEG decodes at 1/2…1/8 scale: every byte is still parsed, in a fraction of memory.
            image.draft("RGB", (1024, 1024))
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image.load()
    except ImageTooLarge:
        raise
    except Exception as exc:
        raise DamagedFile(f"{type(exc).__name__}") from exc
    finally:
        image.close()
    return size


def _upright_rgb(stream: BinaryIO, file_type: FileType, max_pixels: int, box: int) -> Image.Image:
    image = open_image(stream, file_type, max_pixels)
    try:
        if file_type.pil_format == "JPEG":
            image.draft("RGB", (box, box))
        image.load()
        # Phones store photos sideways and say so in EXIF; paper must come out upright.
        upright = ImageOps.exif_transpose(image)
        if upright.mode not in ("RGB", "L"):
            background = Image.new("RGB", upright.size, "white")
            rgba = upright.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            upright = background
        return upright
    except (ImageTooLarge, UnsupportedFile):
        raise
    except Exception as exc:
        raise DamagedFile(f"{type(exc).__name__}") from exc
    finally:
        image.close()


def thumbnail_png(stream: BinaryIO, file_type: FileType, max_pixels: int, side: int = 256) -> bytes:
    """A small upright PNG of the image, made in memory."""
    image = _upright_rgb(stream, file_type, max_pixels, side * 2)
    image.thumbnail((side, side))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def placed_jpeg(
    stream: BinaryIO, file_type: FileType, max_pixels: int, max_side: int
) -> tuple[bytes, int, int]:
    """An upright JPEG no larger than max_side pixels (the resolution it prints at), and size."""
    image = _upright_rgb(stream, file_type, max_pixels, max_side)
    if max(image.size) > max_side:
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue(), image.width, image.height
