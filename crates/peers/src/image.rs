//! ISO 9660 test images made with genisoimage from content the caller
//! controls.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::{PeerError, Result};

/// The image tool.
pub const GENISOIMAGE: &str = "genisoimage";

/// Bytes of one ISO sector.
pub const SECTOR: usize = 2048;

/// A deterministic byte pattern (xorshift from `seed`) for file contents
/// whose every sector differs.
pub fn pattern(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// Writes `files` (name, contents) into `dir/NAME.d/` and builds
/// `dir/NAME.iso` from them with volume label `volume`. Returns the image's
/// path. The image's length is a whole number of 2048-byte sectors.
pub fn make_iso(dir: &Path, name: &str, volume: &str, files: &[(&str, &[u8])]) -> Result<PathBuf> {
    let genisoimage = crate::find_program(GENISOIMAGE).ok_or(PeerError::Missing {
        program: GENISOIMAGE,
        hint: "apt-get install genisoimage",
    })?;
    let tree = dir.join(format!("{name}.d"));
    let io = |what: &str| {
        let what = what.to_owned();
        move |source| PeerError::Io { what, source }
    };
    std::fs::create_dir_all(&tree).map_err(io("creating the image tree"))?;
    for (file, contents) in files {
        std::fs::write(tree.join(file), contents).map_err(io("writing an image file"))?;
    }
    let iso = dir.join(format!("{name}.iso"));
    let out = Command::new(&genisoimage)
        .args(["-quiet", "-V", volume, "-o"])
        .arg(&iso)
        .arg(&tree)
        .stdin(Stdio::null())
        .output()
        .map_err(|source| PeerError::Spawn {
            program: genisoimage.display().to_string(),
            source,
        })?;
    if !out.status.success() {
        return Err(PeerError::Image {
            path: iso,
            reason: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        });
    }
    Ok(iso)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_is_deterministic_and_seeded() {
        assert_eq!(pattern(1, 37), pattern(1, 37));
        assert_ne!(pattern(1, 64), pattern(2, 64));
        assert_eq!(pattern(3, 4099).len(), 4099);
    }
}
