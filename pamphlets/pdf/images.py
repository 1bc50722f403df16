"""Bitmaps as image XObjects: samples Flate-compressed, transparency as a soft mask."""

from __future__ import annotations

from typing import Any

from .objects import Document, Name, Ref, Stream

_SPACES = {"RGB": "DeviceRGB", "L": "DeviceGray", "CMYK": "DeviceCMYK"}


def image_object(doc: Document, image: Any, alpha: Any = None) -> Ref:
    """Add a Pillow image to the document; its alpha channel, if any, becomes the image's /SMask (alpha: a separate
    one, for a CMYK image, which Pillow cannot hold with an alpha channel)."""
    mask: Ref | None = None
    image = eight_bit(image)
    if alpha is not None and alpha.getextrema() != (255, 255):
        mask = doc.add(_stream(alpha, "DeviceGray"))
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif image.mode == "1":
        image = image.convert("L")
    if image.mode in ("RGBA", "LA", "PA"):
        alpha = image.getchannel("A")
        image = image.convert("RGB" if image.mode != "LA" else "L")
        if alpha.getextrema() != (255, 255):  # an opaque alpha channel needs no mask
            mask = doc.add(_stream(alpha, "DeviceGray"))
    elif image.mode not in _SPACES:
        image = image.convert("RGB")
    stream = _stream(image, _SPACES[image.mode])
    if mask is not None:
        stream.dictionary["SMask"] = mask
    return doc.add(stream)


def eight_bit(image: Any) -> Any:
    """The image with 8-bit channels: a 16-bit grey one scaled (Pillow's own conversion clips at 255, so a 16-bit
    grey picture would print white)."""
    if image.mode.startswith("I;16") or image.mode == "I":
        return image.convert("I").point(lambda v: v / 256).convert("L")
    return image


def _stream(image: Any, space: str) -> Stream:
    width, height = image.size
    return Stream({"Type": Name("XObject"), "Subtype": Name("Image"), "Width": width, "Height": height,
                   "ColorSpace": Name(space), "BitsPerComponent": 8}, image.tobytes())
