//! `cdromctl toc` (IOCTL_CDROM_READ_TOC) and `cdromctl session`
//! (IOCTL_CDROM_GET_LAST_SESSION).

use serde_json::{json, Value};

use cdfilter_core::abi::toc::{
    control, CdromToc, CdromTocSessionData, TrackData, LEAD_OUT_TRACK, MAXIMUM_CDROM_SIZE,
};
use cdfilter_core::ioctl::Ioctl;
use cdfilter_core::scsi::msf::Msf;

use super::info;
use crate::error::{internal, Error};
use crate::render::{self, Out};
use crate::session::{decode, Session, NO_INPUT};

/// One TOC entry (a track or the lead-out) with its start in both forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Track number (0xAA for the lead-out).
    pub number: u8,
    /// CONTROL nibble.
    pub control: u8,
    /// ADR nibble.
    pub adr: u8,
    /// Start as the drive reported it (MSF).
    pub msf: Msf,
    /// Start LBA.
    pub lba: u32,
}

impl Entry {
    /// A data track.
    pub fn is_data(&self) -> bool {
        self.control & control::AUDIO_DATA_TRACK != 0
    }

    /// The CONTROL bits by name.
    pub fn flags(&self) -> Vec<&'static str> {
        let mut f = Vec::new();
        if self.control & control::AUDIO_WITH_PREEMPHASIS != 0 {
            f.push("pre-emphasis");
        }
        if self.control & control::DIGITAL_COPY_PERMITTED != 0 {
            f.push("copy permitted");
        }
        if self.control & control::TWO_FOUR_CHANNEL_AUDIO != 0 {
            f.push("four channel");
        }
        f
    }
}

/// A TOC: tracks in order and the lead-out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toc {
    /// First track number.
    pub first_track: u8,
    /// Last track number.
    pub last_track: u8,
    /// The tracks.
    pub tracks: Vec<Entry>,
    /// The lead-out.
    pub leadout: Entry,
    /// The TOC's lead-out entry was cut off (tgt returns a format-0 TOC
    /// two bytes short) and the lead-out was taken from the capacity.
    pub leadout_from_capacity: bool,
}

impl Toc {
    /// Track `number`.
    pub fn track(&self, number: u8) -> Option<&Entry> {
        self.tracks.iter().find(|t| t.number == number)
    }

    /// The LBA after track `number`: the next track's start, or the
    /// lead-out (a ripper's track end: INDEX 01 to the next INDEX 01).
    pub fn end_of(&self, number: u8) -> Option<u32> {
        let i = self.tracks.iter().position(|t| t.number == number)?;
        Some(self.tracks.get(i + 1).map_or(self.leadout.lba, |t| t.lba))
    }
}

fn entry(t: &TrackData) -> Result<Entry, Error> {
    let msf = t.msf();
    let lba = Msf::new(msf.m, msf.s, msf.f)
        .and_then(Msf::to_lba)
        .ok_or_else(|| {
            internal(format!(
                "TOC entry {} has the invalid address {}",
                t.track_number,
                render::msf(msf)
            ))
        })?;
    Ok(Entry {
        number: t.track_number,
        control: t.control(),
        adr: t.adr().0,
        msf,
        lba,
    })
}

/// IOCTL_CDROM_READ_TOC, decoded.
pub fn read(s: &Session<'_>) -> Result<Toc, Error> {
    let reply = s.send(Ioctl::CdromReadToc, &[], MAXIMUM_CDROM_SIZE)?;
    let toc: CdromToc = decode(Ioctl::CdromReadToc, &reply.out, 4)?;
    let claimed = usize::from(u16::from_be_bytes(toc.length)).saturating_sub(2) / 8;
    let present = reply.out.len().saturating_sub(4) / 8;
    let mut tracks = Vec::new();
    let mut leadout = None;
    for t in toc.track_data.iter().take(claimed.min(present)) {
        let e = entry(t)?;
        if t.track_number == LEAD_OUT_TRACK {
            leadout = Some(e);
        } else {
            tracks.push(e);
        }
    }
    let leadout_from_capacity = leadout.is_none();
    let leadout = match leadout {
        Some(e) => e,
        None => capacity_leadout(s, tracks.last())?,
    };
    Ok(Toc {
        first_track: toc.first_track,
        last_track: toc.last_track,
        tracks,
        leadout,
        leadout_from_capacity,
    })
}

/// The lead-out as the capacity gives it, for a TOC whose lead-out entry
/// the drive cut off.
fn capacity_leadout(s: &Session<'_>, last: Option<&Entry>) -> Result<Entry, Error> {
    let g = info::geometry(s)?;
    let lba = g
        .disk_size
        .checked_div(i64::from(g.geometry.bytes_per_sector))
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| internal("the TOC has no lead-out entry and the capacity is unknown"))?;
    let msf =
        Msf::from_lba(lba).ok_or_else(|| internal(format!("lead-out LBA {lba} has no MSF")))?;
    Ok(Entry {
        number: LEAD_OUT_TRACK,
        control: last.map_or(0, |t| t.control),
        adr: 1,
        msf,
        lba,
    })
}

fn entry_json(e: &Entry, end: u32) -> Value {
    json!({
        "number": e.number,
        "type": if e.is_data() { "data" } else { "audio" },
        "control": e.control,
        "adr": e.adr,
        "pre_emphasis": e.control & control::AUDIO_WITH_PREEMPHASIS != 0,
        "copy_permitted": e.control & control::DIGITAL_COPY_PERMITTED != 0,
        "four_channel": e.control & control::TWO_FOUR_CHANNEL_AUDIO != 0,
        "msf": render::msf(e.msf),
        "lba": e.lba,
        "sectors": end.saturating_sub(e.lba),
    })
}

/// The JSON form of a TOC.
pub fn json(toc: &Toc) -> Value {
    json!({
        "first_track": toc.first_track,
        "last_track": toc.last_track,
        "tracks": toc.tracks.iter().map(|t| entry_json(t, toc.end_of(t.number).unwrap_or(t.lba))).collect::<Vec<_>>(),
        "leadout": {
            "msf": render::msf(toc.leadout.msf),
            "lba": toc.leadout.lba,
            "source": if toc.leadout_from_capacity { "capacity" } else { "toc" },
        },
    })
}

/// The human form of a TOC.
pub fn text(toc: &Toc) -> String {
    let rows: Vec<Vec<String>> = toc
        .tracks
        .iter()
        .map(|t| {
            let end = toc.end_of(t.number).unwrap_or(t.lba);
            let len = end.saturating_sub(t.lba);
            vec![
                t.number.to_string(),
                if t.is_data() { "data" } else { "audio" }.to_owned(),
                render::msf(t.msf),
                t.lba.to_string(),
                render::duration(len),
                len.to_string(),
                t.adr.to_string(),
                format!("{:#x} {}", t.control, t.flags().join(", ")),
            ]
        })
        .chain([vec![
            "lead-out".to_owned(),
            String::new(),
            render::msf(toc.leadout.msf),
            toc.leadout.lba.to_string(),
            String::new(),
            String::new(),
            toc.leadout.adr.to_string(),
            String::new(),
        ]])
        .collect();
    let note = if toc.leadout_from_capacity {
        "  (the drive cut the TOC's lead-out entry short: the lead-out is the capacity)\n"
    } else {
        ""
    };
    format!(
        "  tracks {}-{}\n{}{note}",
        toc.first_track,
        toc.last_track,
        render::table(
            &["track", "type", "start", "LBA", "length", "sectors", "ADR", "control"],
            &rows
        )
    )
}

/// `cdromctl toc`.
pub fn run(s: &Session<'_>, out: Out) -> Result<(), Error> {
    let toc = read(s)?;
    out.emit(&text(&toc), &json(&toc));
    Ok(())
}

/// `cdromctl session`.
pub fn run_session(s: &Session<'_>, out: Out) -> Result<(), Error> {
    let d: CdromTocSessionData = s.query(
        Ioctl::CdromGetLastSession,
        NO_INPUT,
        size_of::<CdromTocSessionData>(),
    )?;
    let [t] = d.track_data;
    let lba = t.lba();
    let text = format!(
        "  sessions     first complete {}, last complete {}\n  last session starts with track {} at LBA {lba} ({})\n",
        d.first_complete_session,
        d.last_complete_session,
        t.track_number,
        render::lba_msf(lba)
    );
    let json = json!({
        "first_complete_session": d.first_complete_session,
        "last_complete_session": d.last_complete_session,
        "first_track_of_last_session": t.track_number,
        "control": t.control(),
        "adr": t.adr().0,
        "lba": lba,
        "msf": render::lba_msf(lba),
    });
    out.emit(&text, &json);
    Ok(())
}
