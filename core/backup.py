"""Backup and restore of a whole installation in one zip: every row, every file the rows name, a manifest.

The app registry, not a hand-kept list, decides what is saved, so a model added later is backed up too.
Rows keep their ids (history rows, report jobs and files refer to them); only content types and
permissions, which `migrate` creates afresh with ids of its own, are written by natural key.
"""
import datetime
import hashlib
import io
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import File
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connections, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "tgpl-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATA_NAME = "data.json"
MEDIA_PREFIX = "media/"

# Rows `migrate` recreates (content types, permissions) and rows that mean nothing elsewhere (sessions, the log
# behind the reports' data version: a restore writes its own change to it, so every report kept before is built anew).
EXCLUDED_MODELS = {"contenttypes.contenttype", "auth.permission", "sessions.session", "reports.datachange"}


class BackupError(Exception):
    """A backup that cannot be written or restored; the message is for the person at the console."""


class _Serializer(JSONSerializer):
    """Natural keys for content types and permissions only: every other reference stays an id, so that
    history rows pointing at deleted users or archived rows are written as they are, not looked up."""

    def _model_supports_natural_key(self, model):
        return model in (ContentType, Permission)


def backed_up_models():
    """Concrete models whose rows a backup holds, in the app registry's order."""
    return [
        model for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in EXCLUDED_MODELS
    ]


def _counted_models():
    """The backed-up models plus the tables of their many-to-many fields (counted, written as fields)."""
    result = []
    for model in backed_up_models():
        result.append(model)
        for m2m in model._meta.local_many_to_many:
            through = m2m.remote_field.through
            if through._meta.auto_created:
                result.append(through)
    return result


def _file_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def count_rows(using=DEFAULT_DB_ALIAS):
    # _base_manager: a default manager that hides archived rows must not hide them from a backup.
    return {model._meta.label_lower: model._base_manager.using(using).count() for model in _counted_models()}


def migration_state(using=DEFAULT_DB_ALIAS):
    """Applied migrations per app, as the database records them."""
    state = {}
    for app_label, name in MigrationRecorder(connections[using]).applied_migrations():
        state.setdefault(app_label, []).append(name)
    return {app_label: sorted(names) for app_label, names in sorted(state.items())}


class _HashingWriter:
    """A text stream for the serializer that writes UTF-8 into the zip and hashes what it writes."""

    def __init__(self, raw):
        self.raw, self.sha256, self.size = raw, hashlib.sha256(), 0

    def write(self, text):
        data = text.encode("utf-8")
        self.sha256.update(data)
        self.size += len(data)
        self.raw.write(data)


@dataclass
class BackupSummary:
    path: Path
    size: int
    rows: int
    files: int
    missing_files: list = field(default_factory=list)


def _snapshot(connection):
    """On PostgreSQL, make the dump one consistent snapshot (SQLite's read transaction already is one)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def write_backup(path, *, using=DEFAULT_DB_ALIAS):
    """Write the whole installation to `path` (a zip); return what was written."""
    path = Path(path)
    connection = connections[using]
    targets = backed_up_models()
    counts = {model._meta.label_lower: 0 for model in targets}
    referenced = {}  # name -> (storage, field label)

    def rows():
        for model in targets:
            label = model._meta.label_lower
            file_fields = _file_fields(model)
            for obj in model._base_manager.using(using).order_by("pk").iterator(chunk_size=2000):
                counts[label] += 1
                for file_field in file_fields:
                    name = getattr(obj, file_field.attname).name
                    if name:
                        referenced.setdefault(name, (file_field.storage, f"{label}.{file_field.name}"))
                yield obj

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".tgpl-backup-", suffix=".zip", dir=path.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp_name, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            outermost = not connection.in_atomic_block
            with transaction.atomic(using=using):
                if outermost:
                    _snapshot(connection)
                state = migration_state(using)
                entry = zipfile.ZipInfo(DATA_NAME, date_time=datetime.datetime.now().timetuple()[:6])
                entry.compress_type = zipfile.ZIP_DEFLATED
                with archive.open(entry, "w", force_zip64=True) as raw:
                    writer = _HashingWriter(raw)
                    _Serializer().serialize(rows(), stream=writer, use_natural_foreign_keys=True)
                for model in _counted_models():
                    if model._meta.auto_created:
                        counts[model._meta.label_lower] = model._base_manager.using(using).count()

            files, missing = [], []
            for name, (storage, field_label) in sorted(referenced.items()):
                try:
                    source = storage.open(name, "rb")
                except (FileNotFoundError, SuspiciousFileOperation):
                    missing.append({"name": name, "field": field_label})
                    continue
                digest, size = hashlib.sha256(), 0
                entry = zipfile.ZipInfo(MEDIA_PREFIX + name, date_time=datetime.datetime.now().timetuple()[:6])
                entry.compress_type = zipfile.ZIP_DEFLATED
                # One chunk at a time: a large evidence file is never held in memory whole.
                with source, archive.open(entry, "w", force_zip64=True) as target:
                    for chunk in iter(lambda: source.read(_CHUNK), b""):
                        digest.update(chunk)
                        size += len(chunk)
                        target.write(chunk)
                files.append({"name": name, "field": field_label, "size": size, "sha256": digest.hexdigest()})

            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "django_version": django.get_version(),
                "database_vendor": connection.vendor,
                "migrations": state,
                "counts": dict(sorted(counts.items())),
                "data": {"name": DATA_NAME, "size": writer.size, "sha256": writer.sha256.hexdigest()},
                "files": files,
                "missing_files": missing,
            }
            archive.writestr(MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=2))
        os.chmod(tmp_name, 0o600)  # the backup holds password hashes and personal data
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    rows_written = sum(counts[model._meta.label_lower] for model in targets)
    return BackupSummary(path, path.stat().st_size, rows_written, len(files), missing)


# --- restore -------------------------------------------------------------------------------------------

@dataclass
class RestoreSummary:
    rows: int
    files: int
    created_at: str
    missing_files: list


def _corrupt(path, detail=""):
    text = f"Tệp sao lưu {path} bị hỏng hoặc không phải tệp sao lưu của hệ thống"
    return BackupError(f"{text}: {detail}." if detail else f"{text}.")


def _read_manifest(archive, path):
    try:
        manifest = json.loads(archive.read(MANIFEST_NAME).decode("utf-8"))
    except KeyError:
        raise _corrupt(path, "không có tệp mô tả manifest.json") from None
    except (zipfile.BadZipFile, UnicodeDecodeError, ValueError, OSError) as error:
        raise _corrupt(path, f"không đọc được manifest.json ({error})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _corrupt(path, "manifest.json không phải của một bản sao lưu TGPL")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"Bản sao lưu có định dạng phiên bản {manifest.get('format_version')}, phần mềm này đọc phiên bản "
            f"{FORMAT_VERSION}: hãy khôi phục bằng phiên bản phần mềm đã tạo bản sao lưu."
        )
    for key, kind in (("migrations", dict), ("counts", dict), ("data", dict), ("files", list)):
        if not isinstance(manifest.get(key), kind):
            raise _corrupt(path, f"manifest.json thiếu mục “{key}”")
    return manifest


def _check_migrations(manifest, using):
    here = migration_state(using)
    saved = {app: sorted(names) for app, names in manifest["migrations"].items()}
    if here == saved:
        return
    on_disk = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    here_set = {(app, name) for app, names in here.items() for name in names}
    saved_set = {(app, name) for app, names in saved.items() for name in names}
    not_applied = sorted(saved_set - here_set)
    newer_here = sorted(here_set - saved_set)
    lines = ["Trạng thái cơ sở dữ liệu (migration) không khớp với bản sao lưu."]
    if not_applied:
        listed = ", ".join(f"{app}.{name}" for app, name in not_applied[:10])
        if all(key in on_disk for key in not_applied):
            lines.append(f"Cơ sở dữ liệu này chưa áp dụng: {listed}. Hãy chạy `python manage.py migrate` rồi khôi phục lại.")
        else:
            lines.append(
                f"Bản sao lưu có migration mà phần mềm này không có: {listed}. Hãy khôi phục bằng đúng phiên bản "
                "phần mềm đã tạo bản sao lưu (hoặc phiên bản mới hơn, rồi chạy migrate)."
            )
    if newer_here:
        listed = ", ".join(f"{app}.{name}" for app, name in newer_here[:10])
        lines.append(
            f"Cơ sở dữ liệu này có migration mới hơn bản sao lưu: {listed}. Hãy khôi phục vào một cài đặt của "
            "phiên bản phần mềm đã tạo bản sao lưu, rồi nâng cấp phần mềm và chạy `python manage.py migrate`."
        )
    raise BackupError("\n".join(lines))


def _check_empty(using):
    filled = {label: n for label, n in count_rows(using).items() if n}
    if filled:
        listed = ", ".join(f"{label}: {n}" for label, n in sorted(filled.items())[:8])
        raise BackupError(
            f"Cơ sở dữ liệu đích đã có dữ liệu ({listed}). Chỉ khôi phục vào một cài đặt trống: tạo cơ sở dữ "
            "liệu mới, chạy `python manage.py migrate`, rồi chạy lại lệnh khôi phục."
        )


def _storage_for(field_label):
    app_label, model_name, field_name = field_label.split(".")
    return apps.get_model(app_label, model_name)._meta.get_field(field_name).storage


_CHUNK = 1024 * 1024


def _sha256_of(stream):
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(_CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _read_files(archive, manifest, path):
    """Every file of the backup, checked against its hash as it streams past (never held whole in memory), and
    whether it must still be written."""
    wanted = []
    for entry in manifest["files"]:
        try:
            name, field_label, sha256 = entry["name"], entry["field"], entry["sha256"]
            storage = _storage_for(field_label)
            with archive.open(MEDIA_PREFIX + name) as member:
                actual = _sha256_of(member)
        except (KeyError, TypeError, ValueError, LookupError, zipfile.BadZipFile, OSError) as error:
            raise _corrupt(path, f"tệp đính kèm {entry!r} không đọc được ({error})") from None
        if actual != sha256:
            raise _corrupt(path, f"tệp đính kèm {name} không đúng mã kiểm tra")
        try:
            present = storage.exists(name)
        except SuspiciousFileOperation:
            raise _corrupt(path, f"tên tệp đính kèm không hợp lệ: {name}") from None
        if present:
            with storage.open(name, "rb") as existing:
                if _sha256_of(existing) != sha256:
                    raise BackupError(
                        f"Thư mục tệp đính kèm (MEDIA_ROOT) đã có tệp {name} với nội dung khác: chỉ khôi phục vào "
                        "một cài đặt trống."
                    )
        wanted.append((storage, name, present))
    return wanted


def _load_rows(data, using):
    connection = connections[using]
    loaded_models = set()
    deferred = []
    try:
        with connection.constraint_checks_disabled():
            for obj in serializers.deserialize("json", data, using=using, handle_forward_references=True):
                obj.save(using=using)
                loaded_models.add(type(obj.object))
                if obj.deferred_fields:
                    deferred.append(obj)
            for obj in deferred:
                obj.save_deferred_fields(using=using)
        connection.check_constraints(table_names=[model._meta.db_table for model in loaded_models])
    except DeserializationError as error:
        raise BackupError(f"Dữ liệu trong bản sao lưu không nạp được: {error}") from None
    except (IntegrityError, DatabaseError) as error:
        raise BackupError(f"Dữ liệu trong bản sao lưu vi phạm ràng buộc của cơ sở dữ liệu: {error}") from None
    # Rows keep their ids, so PostgreSQL's sequences must move past them before anyone adds a row.
    sequence_sql = connection.ops.sequence_reset_sql(no_style(), backed_up_models())
    with connection.cursor() as cursor:
        for statement in sequence_sql:
            cursor.execute(statement)


def restore_backup(path, *, using=DEFAULT_DB_ALIAS):
    """Bring an empty, migrated installation to the state saved in `path`; refuse anything else."""
    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BackupError(f"Không tìm thấy tệp sao lưu {path}.") from None
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _corrupt(path, str(error)) from None
    with archive:
        manifest = _read_manifest(archive, path)
        _check_migrations(manifest, using)
        _check_empty(using)
        try:
            data = archive.read(manifest["data"]["name"])
        except (KeyError, TypeError, zipfile.BadZipFile, OSError) as error:
            raise _corrupt(path, f"không đọc được dữ liệu ({error})") from None
        if hashlib.sha256(data).hexdigest() != manifest["data"].get("sha256"):
            raise _corrupt(path, "dữ liệu không đúng mã kiểm tra")
        files = _read_files(archive, manifest, path)

        written = []
        try:
            with transaction.atomic(using=using):
                _load_rows(io.StringIO(data.decode("utf-8")), using)
                del data
                counts = count_rows(using)
                wrong = {
                    label: (expected, counts.get(label))
                    for label, expected in manifest["counts"].items() if counts.get(label) != expected
                }
                if wrong:
                    listed = ", ".join(f"{label}: cần {exp}, có {got}"
                                       for label, (exp, got) in sorted(wrong.items())[:8])
                    raise BackupError(f"Số bản ghi sau khi nạp không khớp bản sao lưu ({listed}); đã hủy khôi phục.")
                for storage, name, present in files:
                    if present:
                        continue
                    # Streamed from the zip into the storage, chunk by chunk (checked above, read again here).
                    with archive.open(MEDIA_PREFIX + name) as member:
                        saved_as = storage.save(name, File(member, name=name))
                    written.append((storage, saved_as))
                    if saved_as != name:
                        raise BackupError(f"Không ghi được tệp đính kèm {name} đúng tên (đã có tệp trùng tên).")
        except BaseException:
            for storage, name in written:
                storage.delete(name)
            raise
    return RestoreSummary(
        rows=sum(n for label, n in manifest["counts"].items()
                 if not apps.get_model(label)._meta.auto_created),
        files=len(files),
        created_at=manifest.get("created_at", ""),
        missing_files=manifest.get("missing_files", []),
    )
