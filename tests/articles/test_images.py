import io
import logging
import struct
import zlib

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.files import ImageFieldFile
from PIL import ExifTags, Image, PngImagePlugin

from articles import images
from articles.fields import ArticleImageField, ImageUploadField


def image_bytes(image_format="PNG", size=(4, 3), mode="RGB", **options):
    """Return a tiny image of `size` encoded as `image_format`."""
    output = io.BytesIO()
    Image.new(mode, size, "red").save(output, format=image_format, **options)
    return output.getvalue()


def png_header(width, height):
    """Return a PNG that declares width×height pixels but holds no pixel data."""

    def chunk(kind, data):
        checksum = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", checksum)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def exif_with_gps():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCo"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 12.0)
    return exif


def upload(name, data):
    return SimpleUploadedFile(name, data)


def rejection_code(file):
    with pytest.raises(ValidationError) as info:
        images.clean_upload(file)
    return info.value.code


@pytest.fixture
def storage(tmp_path):
    return FileSystemStorage(location=tmp_path, base_url="/media/")


def stored_image(storage, name, size):
    """Save a tiny PNG to storage and return it as an ImageField value."""
    name = storage.save(name, ContentFile(image_bytes(size=size)))
    return ImageFieldFile(None, ArticleImageField(storage=storage), name)


# clean_upload: rejections


def test_text_file_named_jpg_is_invalid_image():
    assert rejection_code(upload("notes.jpg", b"Some notes, not a picture.")) == "invalid_image"


def test_truncated_jpeg_is_invalid_image():
    noise = Image.effect_noise((16, 16), 64).convert("RGB")
    output = io.BytesIO()
    noise.save(output, format="JPEG")
    data = output.getvalue()
    # Keep the headers and cut the compressed pixels in half: open() succeeds, decoding fails.
    scan = data.index(b"\xff\xda")
    truncated = data[: scan + (len(data) - scan) // 2]

    assert rejection_code(upload("photo.jpg", truncated)) == "invalid_image"


@pytest.mark.parametrize("image_format", ["BMP", "TIFF"])
def test_readable_but_unlisted_format_is_unsupported(image_format):
    file = upload("photo.jpg", image_bytes(image_format))

    with pytest.raises(ValidationError) as info:
        images.clean_upload(file)

    assert info.value.code == "unsupported_format"
    assert image_format in info.value.messages[0]


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    ],
    ids=["svg", "pdf"],
)
def test_svg_or_pdf_renamed_to_jpg_is_unsupported(data):
    assert rejection_code(upload("picture.jpg", data)) == "unsupported_format"


def test_file_over_the_byte_limit_is_too_large():
    file = upload("big.jpg", b"\0" * (images.MAX_UPLOAD_BYTES + 1))

    assert rejection_code(file) == "file_too_large"


@pytest.mark.parametrize(
    "size",
    [(6000, 6000), (10_000, 10_000), (100_000, 100_000)],
    ids=["over-our-limit", "pillow-warning", "pillow-error"],
)
def test_image_with_too_many_pixels_is_refused_before_decoding(size):
    assert rejection_code(upload("bomb.png", png_header(*size))) == "too_many_pixels"


def test_cheap_real_image_with_too_many_pixels_is_refused():
    # One bit per pixel and a single colour: 36 million pixels compress to a few kilobytes.
    data = image_bytes("PNG", size=(6000, 6000), mode="1")

    assert rejection_code(upload("wide.png", data)) == "too_many_pixels"


# clean_upload: the cleaned file


@pytest.mark.parametrize("image_format", sorted(images.ALLOWED_FORMATS))
def test_allowed_format_is_saved_again_in_the_same_format(image_format):
    cleaned = images.clean_upload(upload("picture", image_bytes(image_format)))

    with Image.open(cleaned) as image:
        assert image.format == image_format
        assert image.size == (4, 3)


def test_gps_and_camera_exif_is_removed():
    data = image_bytes("JPEG", exif=exif_with_gps())
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)

    cleaned = images.clean_upload(upload("photo.jpg", data))

    with Image.open(cleaned) as image:
        assert len(image.getexif()) == 0
        assert "exif" not in image.info


def test_jpeg_comment_and_xmp_are_removed():
    data = image_bytes("JPEG", comment=b"Taken at 12 Home Street", xmp=b"<x:xmpmeta/>")

    cleaned = images.clean_upload(upload("photo.jpg", data))

    with Image.open(cleaned) as image:
        assert "comment" not in image.info
        assert "xmp" not in image.info


def test_png_text_chunks_are_removed():
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Ann Example")
    text.add_itxt("Comment", "Home address")
    data = image_bytes("PNG", pnginfo=text, exif=exif_with_gps())

    cleaned = images.clean_upload(upload("chart.png", data))

    with Image.open(cleaned) as image:
        assert image.text == {}
        assert len(image.getexif()) == 0


def test_exif_orientation_is_applied_to_the_pixels():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # Rotated 90° clockwise by the camera.
    data = image_bytes("JPEG", size=(4, 2), exif=exif)

    cleaned = images.clean_upload(upload("portrait.jpg", data))

    with Image.open(cleaned) as image:
        assert image.size == (2, 4)
        assert ExifTags.Base.Orientation not in image.getexif()


def test_animated_gif_keeps_only_its_first_frame():
    frames = [Image.new("P", (4, 3), colour) for colour in (1, 2, 3)]
    output = io.BytesIO()
    frames[0].save(output, format="GIF", save_all=True, append_images=frames[1:], comment=b"hi")

    cleaned = images.clean_upload(upload("loop.gif", output.getvalue()))

    with Image.open(cleaned) as image:
        assert getattr(image, "n_frames", 1) == 1
        assert "comment" not in image.info


def test_extension_is_corrected_to_the_real_format():
    cleaned = images.clean_upload(upload("photo.jpg", image_bytes("PNG")))

    assert cleaned.name == "photo.png"
    assert cleaned.content_type == "image/png"


def test_file_name_is_made_safe():
    cleaned = images.clean_upload(upload("my holiday (1)?.JPEG", image_bytes("JPEG")))

    assert cleaned.name == "my_holiday_1.jpg"


def test_file_name_without_usable_characters_gets_a_default():
    assert images.clean_upload(upload("???.png", image_bytes("PNG"))).name == "image.png"


# make_renditions and srcset


def test_renditions_are_made_below_the_original_width_and_capped_at_1600(storage):
    field_file = stored_image(storage, "articles/2026/05/wide.png", size=(2000, 4))

    renditions = images.make_renditions(field_file)

    assert [r["width"] for r in renditions] == [480, 800, 1200, 1600]
    assert [r["height"] for r in renditions] == [1, 2, 2, 3]
    assert renditions[0]["name"] == "renditions/articles/2026/05/wide-480w.webp"


def test_narrow_image_gets_a_rendition_at_its_own_width(storage):
    field_file = stored_image(storage, "narrow.png", size=(600, 3))

    renditions = images.make_renditions(field_file)

    assert renditions == [
        {"width": 480, "height": 2, "name": "renditions/narrow-480w.webp"},
        {"width": 600, "height": 3, "name": "renditions/narrow-600w.webp"},
    ]


def test_renditions_are_webp_files_of_the_stated_size(storage):
    field_file = stored_image(storage, "chart.png", size=(900, 6))

    for rendition in images.make_renditions(field_file):
        with storage.open(rendition["name"]) as stored, Image.open(stored) as image:
            assert image.format == "WEBP"
            assert image.size == (rendition["width"], rendition["height"])


def test_making_renditions_again_overwrites_them(storage):
    field_file = stored_image(storage, "chart.png", size=(500, 2))

    first = images.make_renditions(field_file)
    second = images.make_renditions(field_file)

    assert second == first
    assert sorted(storage.listdir("renditions")[1]) == ["chart-480w.webp", "chart-500w.webp"]


def test_empty_field_has_no_renditions(storage):
    assert images.make_renditions(ImageFieldFile(None, ArticleImageField(), "")) == []


def test_unreadable_stored_file_has_no_renditions_and_logs_a_warning(storage, caplog):
    name = storage.save("broken.png", ContentFile(b"not an image"))
    field_file = ImageFieldFile(None, ArticleImageField(storage=storage), name)

    with caplog.at_level(logging.WARNING, logger="articles.images"):
        assert images.make_renditions(field_file) == []

    assert "broken.png" in caplog.text


def test_missing_stored_file_has_no_renditions(storage):
    field_file = ImageFieldFile(None, ArticleImageField(storage=storage), "gone.png")

    assert images.make_renditions(field_file) == []


def test_srcset_lists_urls_with_widths(storage):
    renditions = [
        {"width": 480, "height": 3, "name": "renditions/a-480w.webp"},
        {"width": 800, "height": 5, "name": "renditions/a-800w.webp"},
    ]

    assert images.srcset(renditions, storage) == (
        "/media/renditions/a-480w.webp 480w, /media/renditions/a-800w.webp 800w"
    )


def test_srcset_of_no_renditions_is_empty():
    assert images.srcset([]) == ""


# Form and model fields


class ImageForm(forms.Form):
    image = ImageUploadField()


@pytest.mark.parametrize(
    ("data", "code"),
    [(b"plain text", "invalid_image"), (image_bytes("BMP"), "unsupported_format")],
    ids=["text", "bmp"],
)
def test_upload_field_shows_a_form_error_for_a_bad_file(data, code):
    form = ImageForm(files={"image": upload("photo.jpg", data)})

    assert not form.is_valid()
    assert form.has_error("image", code)


def test_upload_field_cleans_a_good_file():
    data = image_bytes("JPEG", exif=exif_with_gps())
    form = ImageForm(files={"image": upload("photo.png", data)})

    assert form.is_valid(), form.errors
    cleaned = form.cleaned_data["image"]
    assert cleaned.name == "photo.jpg"
    with Image.open(cleaned) as image:
        assert len(image.getexif()) == 0


def test_article_image_field_uses_the_upload_field_in_forms():
    assert isinstance(ArticleImageField(upload_to="articles/").formfield(), ImageUploadField)


def test_article_image_field_deconstructs_to_its_own_path():
    path, args, kwargs = ArticleImageField(upload_to="articles/%Y/%m/").deconstruct()[1:]

    assert path == "articles.fields.ArticleImageField"
    assert kwargs["upload_to"] == "articles/%Y/%m/"
