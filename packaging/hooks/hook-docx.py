# python-docx reads its XML templates as `docx/parts/../templates/<name>.xml`. Frozen, the
# `docx/parts` folder holds no file (its modules live in the archive), so that path does not
# resolve and every header or footer fails. The package's data files, plus one file placed in
# `docx/parts` so the folder exists in the bundle.
from PyInstaller.utils.hooks import collect_data_files

datas = collect_data_files("docx")
datas += collect_data_files("docx", include_py_files=True, includes=["parts/__init__.py"])
