"""Model files: versioned, self-describing, loaded without unpickling, picked up without a restart.

A model is written as ``<directory>/<name>-<version>.model``, where the version is the UTC time of writing
(``20250301T083000123456``) so that the newest version sorts last. The file is a NumPy ``.npz`` archive: the
arrays (vocabulary, idf, weights) plus a JSON metadata string (format, created, n_train, labels, settings,
library versions). It is read with ``allow_pickle=False``, so opening a file never runs code from it; a file
whose format is not ``FORMAT`` is refused with a message saying so, rather than guessed at.

``Registry`` answers "the current model named X" for the product: it looks at the directory on every use (one
directory listing) and loads a newer file when one has appeared, so that ``lianluo text train`` or a retrain from
the database takes effect in running processes without a restart.
"""

from __future__ import annotations

import json
import os
import platform
import re
import threading
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import scipy
import sklearn

from lianluo.textmine.engine.classify import Model, Settings, settings_dict, train

FORMAT = "lianluo.textmine.classifier/1"
SUFFIX = ".model"
_NAME = re.compile(r"^[A-Za-z0-9_]+(?:[-.][A-Za-z0-9_]+)*$")
_VERSION = r"(\d{8}T\d{12})"


class ModelFileError(ValueError):
    """A model file that cannot be used; the message names the file and the problem (Chinese)."""


def save(model: Model, path: Path) -> Path:
    """Write the model to path atomically (a reader never sees half a file)."""
    path = Path(path)
    meta = {
        "format": FORMAT,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "n_train": model.n_train,
        "labels": model.labels,
        "temperature": model.temperature,
        "settings": settings_dict(model.settings),
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
                     "scikit-learn": sklearn.__version__},
        **{k: v for k, v in model.metadata.items() if k not in {"format", "labels", "settings"}},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    with open(partial, "wb") as handle:
        np.savez_compressed(handle, meta=np.array(json.dumps(meta, ensure_ascii=False)),
                            vocabulary=model.vocabulary.astype(str), idf=model.idf, coef=model.coef,
                            intercept=model.intercept)
    os.replace(partial, path)
    model.metadata = meta
    return path


def load(path: Path) -> Model:
    """The model in path; ModelFileError if it is not a model file of this format."""
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as archive:
            if "meta" not in archive.files:
                raise ModelFileError(f"{path.name}：不是联络文本分类模型文件（缺少元数据）")
            meta = json.loads(str(archive["meta"]))
            if meta.get("format") != FORMAT:
                raise ModelFileError(f"{path.name}：未知的模型文件格式 {meta.get('format')!r}（本程序读取 {FORMAT}）")
            arrays = {k: archive[k] for k in ("vocabulary", "idf", "coef", "intercept")}
    except ModelFileError:
        raise
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, json.JSONDecodeError) as exc:
        raise ModelFileError(f"{path.name}：无法读取模型文件（{exc.__class__.__name__}）") from None
    labels = list(meta["labels"])
    if arrays["coef"].shape != (len(labels), len(arrays["vocabulary"])):
        raise ModelFileError(f"{path.name}：模型文件内容不一致（权重与标签或词表的大小不符）")
    return Model(labels=labels, vocabulary=arrays["vocabulary"], idf=arrays["idf"], coef=arrays["coef"],
                 intercept=arrays["intercept"], temperature=float(meta["temperature"]),
                 settings=Settings.from_dict(meta.get("settings", {})), n_train=int(meta["n_train"]), metadata=meta)


def new_version() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")


def versions(directory: Path, name: str) -> list[tuple[str, Path]]:
    """The (version, path) of every model file named name in directory, oldest first."""
    pattern = re.compile(rf"^{re.escape(name)}-{_VERSION}{re.escape(SUFFIX)}$")
    try:
        entries = os.listdir(directory)
    except FileNotFoundError:
        return []
    found = [(m.group(1), Path(directory) / e) for e in entries if (m := pattern.match(e))]
    return sorted(found)


def check_name(name: str) -> str:
    if not _NAME.match(name or ""):
        raise ModelFileError(f"模型名称 {name!r} 无效：只能使用字母、数字、下划线，中间可用 - 或 .")
    return name


def file_name(model: Model) -> str:
    """The file name a versioned model was saved under (``save_versioned``)."""
    return f"{model.metadata['name']}-{model.metadata['version']}{SUFFIX}"


def save_versioned(model: Model, directory: Path, name: str) -> Path:
    """Write the model as the newest version of name in directory."""
    check_name(name)
    directory = Path(directory)
    newest = max((v for v, _ in versions(directory, name)), default="")
    version = new_version()
    if version <= newest:  # two writes within one microsecond, or a clock set back: still sort after
        version = f"{newest[:9]}{int(newest[9:]) + 1:012d}"
    model.metadata = {**model.metadata, "name": name, "version": version}
    return save(model, directory / file_name(model))


def train_and_save(texts: Sequence[str], labels: Sequence[str], directory: Path, name: str,
                   settings: Settings | None = None) -> Path:
    """Train on the records and write the model as the newest version of name (for the product's retrain)."""
    check_name(name)
    return save_versioned(train(texts, labels, settings), directory, name)


class Registry:
    """The newest model of one name in one directory, reloaded when a newer version appears."""

    def __init__(self, directory: Path, name: str):
        self.directory = Path(directory)
        self.name = check_name(name)
        self._lock = threading.Lock()
        self._loaded: tuple[str, Path, float] | None = None
        self._model: Model | None = None

    def current(self) -> Model | None:
        """The newest model, or None if none has been trained yet."""
        found = versions(self.directory, self.name)
        if not found:
            return None
        version, path = found[-1]
        try:
            mtime = path.stat().st_mtime
        except FileNotFoundError:  # removed between listing and use: keep what we have
            return self._model
        with self._lock:
            if self._loaded != (version, path, mtime):
                self._model = load(path)
                self._loaded = (version, path, mtime)
            return self._model

    def predict(self, texts: Sequence[str]) -> list[tuple[str, float]] | None:
        model = self.current()
        return None if model is None else model.predict(texts)
