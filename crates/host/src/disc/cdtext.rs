//! CD-TEXT packs (the lead-in R–W text of IEC 61866 / MMC Annex J), as
//! READ TOC format 5 returns them.
//!
//! A pack is 18 bytes:
//!
//! | byte  | field                                                       |
//! |-------|-------------------------------------------------------------|
//! | 0     | pack type: 0x80 title, 0x81 performer, 0x8F size information |
//! | 1     | track number of the first character (0 = album)             |
//! | 2     | sequence number (0.. across all packs of the block)         |
//! | 3     | bit 7 DBCC (0), bits 6–4 block (0), bits 3–0 character position |
//! | 4..16 | 12 text bytes                                               |
//! | 16..18| CRC-16 of bytes 0..16, inverted, big-endian                 |
//!
//! Text of one type is the album's string and then each track's string,
//! every one NUL-terminated, cut into 12-byte pieces; the character
//! position is how many characters of the current string precede the
//! piece (capped at 15). Text is ISO 8859-1 (characters outside it become
//! '?'); only block 0, language English (0x09), is produced.

use super::subchannel::seal;

/// Pack type of titles.
pub const TITLE: u8 = 0x80;
/// Pack type of performers.
pub const PERFORMER: u8 = 0x81;
/// Pack type of the size information.
pub const SIZE_INFO: u8 = 0x8F;

/// Text packs that fit in block 0 beside the three size-information packs.
const MAX_TEXT_PACKS: usize = 253;

/// The strings of one disc: album and per-track (first track first).
#[derive(Debug)]
pub struct Texts<'a> {
    /// Number of the first track.
    pub first_track: u8,
    /// Album title and performer.
    pub album: [Option<&'a str>; 2],
    /// Per track (first..=last): title and performer.
    pub tracks: Vec<[Option<&'a str>; 2]>,
}

fn latin1(s: &str) -> impl Iterator<Item = u8> + '_ {
    s.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
}

fn pack(kind: u8, track: u8, seq: u8, position: u8, text: &[u8]) -> [u8; 18] {
    let mut p = [0u8; 18];
    p[0] = kind;
    p[1] = track;
    p[2] = seq;
    p[3] = position.min(15);
    p[4..4 + text.len()].copy_from_slice(text);
    seal(&mut p);
    p
}

/// Text packs of one type (0 = title, 1 = performer) without sequence
/// numbers fixed yet.
fn text_packs(kind: u8, which: usize, texts: &Texts<'_>) -> Vec<[u8; 18]> {
    let mut out = Vec::new();
    let mut piece: Vec<u8> = Vec::with_capacity(12);
    let mut head = (0u8, 0usize);
    let strings = std::iter::once((0u8, texts.album[which])).chain(
        texts
            .tracks
            .iter()
            .enumerate()
            .map(|(i, t)| (texts.first_track + i as u8, t[which])),
    );
    for (track, text) in strings {
        let bytes = latin1(text.unwrap_or("")).chain(std::iter::once(0));
        for (position, b) in bytes.enumerate() {
            if piece.is_empty() {
                head = (track, position);
            }
            piece.push(b);
            if piece.len() == 12 {
                out.push(pack(kind, head.0, 0, head.1 as u8, &piece));
                piece.clear();
            }
        }
    }
    if !piece.is_empty() {
        out.push(pack(kind, head.0, 0, head.1 as u8, &piece));
    }
    out
}

/// All packs of block 0: titles, performers, then three size-information
/// packs; empty when there is no text at all.
pub fn packs(texts: &Texts<'_>) -> Vec<[u8; 18]> {
    let mut out = Vec::new();
    let mut counts = [0u8; 16];
    for (which, kind) in [(0usize, TITLE), (1usize, PERFORMER)] {
        let any = texts.album[which].is_some() || texts.tracks.iter().any(|t| t[which].is_some());
        if any {
            let packs = text_packs(kind, which, texts);
            counts[usize::from(kind - 0x80)] = packs.len() as u8;
            out.extend(packs);
        }
    }
    if out.is_empty() {
        return out;
    }
    // Sequence numbers are one byte: a block holds at most 256 packs, 3 of
    // them size information. Longer text is cut (performers first).
    if out.len() > MAX_TEXT_PACKS {
        out.truncate(MAX_TEXT_PACKS);
        counts = [0; 16];
        for p in &out {
            counts[usize::from(p[0] - 0x80)] += 1;
        }
    }
    counts[15] = 3;
    let total = out.len() + 3;
    let mut info = [0u8; 36];
    info[0] = 0x00; // ISO 8859-1
    info[1] = texts.first_track;
    info[2] = texts.first_track + texts.tracks.len().saturating_sub(1) as u8;
    info[4..20].copy_from_slice(&counts);
    info[20] = (total - 1) as u8; // last sequence number of block 0
    info[28] = 0x09; // block 0 language: English
    for (i, chunk) in info.chunks(12).enumerate() {
        out.push(pack(SIZE_INFO, i as u8, 0, 0, chunk));
    }
    for (seq, p) in out.iter_mut().enumerate() {
        p[2] = seq as u8;
        seal(p);
    }
    out
}
