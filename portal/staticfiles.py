"""The static files' storage in production: whitenoise's compressed files under hashed names."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Looks each file's hashed address up once per worker.

    The manifest is read when the storage is made and does not change while a worker runs,
    yet every {% static %} looked the name up again: four or five per page, a hundredth of a
    small page. A name the manifest lacks is not kept and raises each time, as before."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force=True)
        try:
            return self._urls[name]
        except KeyError:
            found = self._urls[name] = super().url(name)
            return found
