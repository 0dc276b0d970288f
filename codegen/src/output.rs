//! Writing the generated files, and comparing them with what is on disk.

use std::collections::BTreeSet;
use std::io;
use std::path::Path;

/// Files under `dir` that the generator owns: the manifest, the listings, and all of `src/`
/// and `tests/`.
fn existing(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for file in ["Cargo.toml", "api.md", "REPORT.md"] {
        if dir.join(file).is_file() {
            out.insert(file.to_string());
        }
    }
    let mut stack = vec![dir.join("src"), dir.join("tests")];
    while let Some(at) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&at) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(dir) {
                out.insert(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out
}

/// Files that differ from `files`, are missing, or should not be there.
pub fn stale_files(dir: &Path, files: &[(String, String)]) -> Vec<String> {
    let mut stale = Vec::new();
    let wanted: BTreeSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    for (path, text) in files {
        match std::fs::read_to_string(dir.join(path)) {
            Ok(current) if current == *text => {}
            Ok(_) => stale.push(format!("{path} (differs)")),
            Err(_) => stale.push(format!("{path} (missing)")),
        }
    }
    for path in existing(dir) {
        if !wanted.contains(path.as_str()) {
            stale.push(format!("{path} (not generated; remove it)"));
        }
    }
    stale
}

/// Writes `files` under `dir`, removing generated files that are no longer wanted; returns
/// how many files changed. Unchanged files are not touched, so cargo does not rebuild them.
pub fn write(dir: &Path, files: &[(String, String)]) -> io::Result<usize> {
    let wanted: BTreeSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    let mut changed = 0;
    for path in existing(dir) {
        if !wanted.contains(path.as_str()) {
            std::fs::remove_file(dir.join(&path))?;
            changed += 1;
        }
    }
    for (path, text) in files {
        let target = dir.join(path);
        if std::fs::read_to_string(&target).is_ok_and(|current| current == *text) {
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, text)?;
        changed += 1;
    }
    Ok(changed)
}
