//! The legacy audio IOCTLs: `play`, `pause`, `resume`, `stop`, `seek`,
//! `position` (Q channel, optionally followed while playing), `mcn`,
//! `isrc` and `volume`.

use std::fmt::Write as _;

use serde_json::{json, Value};

use cdfilter_core::abi::audio::{
    AudioStatus, CdromPlayAudioMsf, CdromSeekAudioMsf, CdromSubQDataFormat, SubQCurrentPosition,
    SubQFormat, SubQMediaCatalogNumber, SubQTrackIsrc, VolumeControl,
};
use cdfilter_core::ioctl::Ioctl;
use cdfilter_core::scsi::msf::Msf;

use super::toc;
use crate::error::{usage, Error};
use crate::render::{self, Out};
use crate::session::{c_string, Session, NO_INPUT};

/// A disc address given on the command line: `MM:SS:FF` or an LBA.
pub fn parse_address(s: &str) -> Result<Msf, Error> {
    let parts: Vec<&str> = s.split(':').collect();
    let bad = || {
        usage(format!(
            "'{s}' is not an address: give MM:SS:FF (binary, seconds < 60, frames < 75) or an LBA"
        ))
    };
    match parts.as_slice() {
        [lba] => {
            let lba: u32 = lba.parse().map_err(|_| bad())?;
            Msf::from_lba(lba).ok_or_else(bad)
        }
        [m, sec, f] => {
            let n = |x: &str| x.parse::<u8>().map_err(|_| bad());
            Msf::new(n(m)?, n(sec)?, n(f)?).ok_or_else(bad)
        }
        _ => Err(bad()),
    }
}

/// The name of an audio status.
pub fn status_name(st: AudioStatus) -> &'static str {
    match st {
        AudioStatus::NOT_SUPPORTED => "not supported",
        AudioStatus::IN_PROGRESS => "playing",
        AudioStatus::PAUSED => "paused",
        AudioStatus::PLAY_COMPLETE => "play complete",
        AudioStatus::PLAY_ERROR => "play error",
        AudioStatus::NO_STATUS => "no status",
        _ => "unknown",
    }
}

/// IOCTL_CDROM_PLAY_AUDIO_MSF from `start` to `end`.
pub fn play(s: &Session<'_>, start: Msf, end: Msf) -> Result<(), Error> {
    let [starting_m, starting_s, starting_f] = start.to_bytes();
    let [ending_m, ending_s, ending_f] = end.to_bytes();
    let input = CdromPlayAudioMsf {
        starting_m,
        starting_s,
        starting_f,
        ending_m,
        ending_s,
        ending_f,
    };
    s.call(Ioctl::CdromPlayAudioMsf, &input, 0).map(drop)
}

/// The range `play` covers: a track, an explicit range, or every audio
/// track from the first to the lead-out.
pub fn play_range(
    s: &Session<'_>,
    track: Option<u8>,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(Msf, Msf), Error> {
    let toc = toc::read(s)?;
    let msf = |lba: u32| Msf::from_lba(lba).ok_or_else(|| usage(format!("LBA {lba} has no MSF")));
    let (start, end) = if let Some(n) = track {
        let t = toc
            .track(n)
            .ok_or_else(|| usage(format!("the disc has no track {n}")))?;
        if t.is_data() {
            return Err(usage(format!("track {n} is a data track")));
        }
        (msf(t.lba)?, msf(toc.end_of(n).unwrap_or(t.lba))?)
    } else {
        let first_audio = toc.tracks.iter().find(|t| !t.is_data());
        let start = match (from, first_audio) {
            (Some(a), _) => parse_address(a)?,
            (None, Some(t)) => msf(t.lba)?,
            (None, None) => return Err(usage("the disc has no audio track")),
        };
        let end = match to {
            Some(a) => parse_address(a)?,
            None => msf(toc.leadout.lba)?,
        };
        (start, end)
    };
    Ok((start, end))
}

/// IOCTL_CDROM_SEEK_AUDIO_MSF.
pub fn seek(s: &Session<'_>, at: Msf) -> Result<(), Error> {
    let input = CdromSeekAudioMsf {
        m: at.m,
        s: at.s,
        f: at.f,
    };
    s.call(Ioctl::CdromSeekAudioMsf, &input, 0).map(drop)
}

/// Sends one of the IOCTLs without buffers (pause, resume, stop).
pub fn simple(s: &Session<'_>, ioctl: Ioctl) -> Result<(), Error> {
    s.send(ioctl, &[], 0).map(drop)
}

fn q_input(format: SubQFormat, track: u8) -> CdromSubQDataFormat {
    CdromSubQDataFormat {
        format: format.0,
        track,
    }
}

/// The current position of the Q channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// Audio status.
    pub status: AudioStatus,
    /// Track number.
    pub track: u8,
    /// Index.
    pub index: u8,
    /// CONTROL nibble.
    pub control: u8,
    /// Absolute address (`00 M S F`).
    pub absolute: [u8; 4],
    /// Track-relative address (`00 M S F`).
    pub relative: [u8; 4],
}

/// IOCTL_CDROM_READ_Q_CHANNEL, current position.
pub fn position(s: &Session<'_>) -> Result<Position, Error> {
    let p: SubQCurrentPosition = s.query(
        Ioctl::CdromReadQChannel,
        &q_input(SubQFormat::CURRENT_POSITION, 0),
        4,
    )?;
    Ok(Position {
        status: p.header.status(),
        track: p.track_number,
        index: p.index_number,
        control: p.control(),
        absolute: p.absolute_address,
        relative: p.track_relative_address,
    })
}

fn addr_msf(a: [u8; 4]) -> String {
    let [_, m, s, f] = a;
    format!("{m:02}:{s:02}:{f:02}")
}

fn position_json(p: &Position) -> Value {
    let [_, m, sec, f] = p.absolute;
    json!({
        "audio_status": status_name(p.status),
        "audio_status_code": p.status.0,
        "track": p.track,
        "index": p.index,
        "control": p.control,
        "absolute": addr_msf(p.absolute),
        "absolute_lba": Msf::new(m, sec, f).and_then(Msf::to_lba),
        "relative": addr_msf(p.relative),
    })
}

fn position_text(p: &Position) -> String {
    format!(
        "  {:<13} track {:>2} index {:>2}  absolute {}  relative {}\n",
        status_name(p.status),
        p.track,
        p.index,
        addr_msf(p.absolute),
        addr_msf(p.relative)
    )
}

/// Prints the position; with `follow`, again every `interval` frames of
/// drive time while audio plays (at most `polls` times). On the
/// simulated drive the virtual clock is moved between polls.
pub fn follow(
    s: &Session<'_>,
    out: Out,
    follow: bool,
    polls: Option<u32>,
    interval: u32,
) -> Result<(), Error> {
    let mut n = 0u32;
    loop {
        let p = position(s)?;
        out.emit(&position_text(&p), &position_json(&p));
        n += 1;
        if !follow || p.status != AudioStatus::IN_PROGRESS || polls.is_some_and(|max| n >= max) {
            return Ok(());
        }
        s.backend().advance(interval);
    }
}

/// `cdromctl mcn`.
pub fn mcn(s: &Session<'_>, out: Out) -> Result<(), Error> {
    let m: SubQMediaCatalogNumber = s.query(
        Ioctl::CdromReadQChannel,
        &q_input(SubQFormat::MEDIA_CATALOG, 0),
        9,
    )?;
    let valid = m.is_valid();
    let number = valid.then(|| c_string(m.media_catalog.get(..13).unwrap_or(&[])));
    let text = format!(
        "  MCN          {}\n",
        number
            .as_deref()
            .unwrap_or("none (the disc has no media catalogue number)")
    );
    out.emit(
        &text,
        &json!({"valid": valid, "mcn": number, "audio_status": status_name(m.header.status())}),
    );
    Ok(())
}

/// The ISRC of `track`, `None` when the track has none.
pub fn isrc_of(s: &Session<'_>, track: u8) -> Result<Option<String>, Error> {
    let i: SubQTrackIsrc = s.query(
        Ioctl::CdromReadQChannel,
        &q_input(SubQFormat::TRACK_ISRC, track),
        9,
    )?;
    Ok(i.is_valid()
        .then(|| c_string(i.track_isrc.get(..12).unwrap_or(&[]))))
}

/// `cdromctl isrc`: one track, or every audio track of the TOC.
pub fn isrc(s: &Session<'_>, out: Out, track: Option<u8>) -> Result<(), Error> {
    let tracks: Vec<u8> = match track {
        Some(n) => vec![n],
        None => toc::read(s)?
            .tracks
            .iter()
            .filter(|t| !t.is_data())
            .map(|t| t.number)
            .collect(),
    };
    let mut text = String::new();
    let mut rows = Vec::new();
    for n in tracks {
        let isrc = isrc_of(s, n)?;
        let _ = writeln!(
            text,
            "  track {n:>2}     {}",
            isrc.as_deref().unwrap_or("none")
        );
        rows.push(json!({"track": n, "valid": isrc.is_some(), "isrc": isrc}));
    }
    out.emit(&text, &json!({ "tracks": rows }));
    Ok(())
}

/// IOCTL_CDROM_GET_VOLUME.
pub fn get_volume(s: &Session<'_>) -> Result<VolumeControl, Error> {
    s.query(Ioctl::CdromGetVolume, NO_INPUT, size_of::<VolumeControl>())
}

/// Parses `L,R` (0-255 each).
pub fn parse_volume(v: &str) -> Result<(u8, u8), Error> {
    let bad = || usage(format!("--set '{v}': give two volumes 0-255 as L,R"));
    let (l, r) = v.split_once(',').ok_or_else(bad)?;
    Ok((
        l.trim().parse().map_err(|_| bad())?,
        r.trim().parse().map_err(|_| bad())?,
    ))
}

/// `cdromctl volume [--set L,R]`: ports 2 and 3 keep their values.
pub fn volume(s: &Session<'_>, out: Out, set: Option<(u8, u8)>) -> Result<(), Error> {
    if let Some((l, r)) = set {
        let mut v = get_volume(s)?;
        v.port_volume[0] = l;
        v.port_volume[1] = r;
        s.call(Ioctl::CdromSetVolume, &v, 0)?;
    }
    let v = get_volume(s)?;
    let [p0, p1, p2, p3] = v.port_volume;
    out.emit(
        &format!("  volume       left {p0}, right {p1} (ports 2, 3: {p2}, {p3})\n"),
        &json!({"left": p0, "right": p1, "ports": v.port_volume}),
    );
    Ok(())
}

/// Report of a command that only succeeds or fails.
pub fn done(out: Out, what: &str, detail: Value) {
    let mut v = json!({"ok": true, "command": what});
    if let (Some(o), Value::Object(d)) = (v.as_object_mut(), detail) {
        o.extend(d);
    }
    out.emit(&format!("  {what}: done\n"), &v);
}

/// The range of a `play` as text.
pub fn range_text(start: Msf, end: Msf) -> String {
    format!("{} to {}", render::msf(start), render::msf(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_as_msf_or_lba() {
        assert_eq!(parse_address("00:06:00").unwrap(), Msf { m: 0, s: 6, f: 0 });
        assert_eq!(parse_address("450").unwrap(), Msf { m: 0, s: 8, f: 0 });
        assert_eq!(parse_address("00:60:00").unwrap_err().exit_code(), 2);
        assert_eq!(parse_address("1:2").unwrap_err().exit_code(), 2);
    }

    #[test]
    fn volumes_as_pairs() {
        assert_eq!(parse_volume("200, 100").unwrap(), (200, 100));
        assert!(parse_volume("300,1").is_err());
        assert!(parse_volume("1").is_err());
    }
}
