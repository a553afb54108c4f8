//! A 2048-byte-per-sector ISO image: one Mode 1 data track in session 1,
//! track 1 from LBA 0, lead-out at size / 2048.

use std::path::Path;

use super::image::{Backing, Fill, ImageSource, Layout, Run};
use super::{Control, Disc, DiscError, SectorKind, Session, Track};

/// The disc of an ISO image of `len` bytes read from `backing`.
pub(crate) fn disc(name: &str, len: u64, backing: Backing) -> Result<Disc, DiscError> {
    if len % 2048 != 0 {
        return Err(DiscError::Invalid(format!(
            "{name}: {len} bytes is not a whole number of 2048-byte sectors ({} left over)",
            len % 2048
        )));
    }
    let sectors = u32::try_from(len / 2048)
        .ok()
        .filter(|&n| n > 0 && n <= 450_000)
        .ok_or_else(|| {
            DiscError::Invalid(format!(
                "{name}: {} sectors is not a CD's size (1..=450000)",
                len / 2048
            ))
        })?;
    let track = Track {
        number: 1,
        session: 1,
        kind: SectorKind::Mode1,
        control: Control {
            data: true,
            ..Control::default()
        },
        pregap_start: 0,
        start: 0,
        end: sectors,
        indexes: Vec::new(),
        isrc: None,
        title: None,
        performer: None,
    };
    Ok(Disc {
        sessions: vec![Session {
            number: 1,
            first_track: 1,
            last_track: 1,
            leadout: sectors,
        }],
        tracks: vec![track],
        mcn: None,
        title: None,
        performer: None,
        source: Box::new(ImageSource {
            runs: vec![Run {
                start: 0,
                len: sectors,
                kind: SectorKind::Mode1,
                fill: Fill::Stored {
                    backing: 0,
                    offset: 0,
                    layout: Layout::Cooked,
                },
            }],
            backings: vec![backing],
        }),
    })
}

/// Opens an ISO file.
pub(crate) fn open(path: &Path) -> Result<Disc, DiscError> {
    let len = std::fs::metadata(path)
        .map_err(|source| DiscError::Io {
            path: path.to_path_buf(),
            source,
        })?
        .len();
    let name = path.display().to_string();
    let backing = Backing::open(path.to_path_buf())?;
    disc(&name, len, backing)
}
