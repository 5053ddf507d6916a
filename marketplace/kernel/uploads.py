"""A batch of uploaded pictures, checked and stored whole or not at all.

The safe part is kernel/media.py (type, bytes and pixel limits, re-encoded without EXIF);
this is the loop around it for a form with several file fields, as the listing photos
(studio/photos.py) have it: every refusal is reported, and a refused batch leaves no file.
Files are written before the database commits: callers `discard` the new keys if the
commit fails.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from marketplace.kernel import media


class UploadsRefusedError(ValueError):
    """Some uploaded files were refused; `.messages` says which and why, one per file."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(" ".join(messages))
        self.messages = messages


def chosen_files(files) -> list:
    """The file fields the user actually filled in."""
    return [upload for upload in files or [] if upload and getattr(upload, "filename", "")]


def store_batch(files: list, kind: str) -> list[media.StoredImage]:
    """Check and store every upload, or store none and raise UploadsRefusedError."""
    stored: list[media.StoredImage] = []
    errors: list[str] = []
    for upload in chosen_files(files):
        try:
            image = media.load_upload(upload)
        except media.ImageRejectedError as error:
            errors.append(_("%(file)s: %(reason)s", file=upload.filename or "?", reason=error))
            continue
        try:
            if not errors:
                stored.append(media.store_image(image, kind))
        except media.StorageError as error:
            discard([s.key for s in stored])
            raise UploadsRefusedError([str(error)]) from error
        finally:
            image.close()
    if errors:
        discard([s.key for s in stored])
        raise UploadsRefusedError(errors)
    return stored


def discard(keys: list[str | None]) -> None:
    """Delete the files of these keys (after a failed commit, or once they are unused)."""
    for key in keys:
        if key:
            try:
                media.delete_image(key)
            except OSError as error:  # cleaning up must not turn a message into a 500
                current_app.logger.error("picture %s not deleted: %s", key, error)
