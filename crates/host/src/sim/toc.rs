//! READ TOC/PMA/ATIP (formats 0–5), READ DISC INFORMATION and READ TRACK
//! INFORMATION.

use crate::disc::{Disc, SectorKind, Track};

use super::wire::{answer, be16, be32, byte, msf_of, put16, put32, toc_address, Outcome};
use super::{Profile, Sense, SimConfig};

/// The lead-out's track number in the TOC.
const LEADOUT: u8 = 0xAA;

/// ADR 1: the Q channel encodes the current position.
const ADR_POSITION: u8 = 0x10;

/// A 4-byte answer header: length of what follows, then two bytes.
fn with_header(b2: u8, b3: u8, body: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(4 + body.len());
    v.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
    v.push(b2);
    v.push(b3);
    v.extend_from_slice(body);
    v
}

/// One TOC track descriptor (formats 0 and 1).
fn descriptor(control: u8, number: u8, lba: u32, msf: bool) -> [u8; 8] {
    let a = toc_address(lba, msf);
    [0, ADR_POSITION | control, number, 0, a[0], a[1], a[2], a[3]]
}

/// First and last track numbers on the disc.
fn track_span(disc: &Disc) -> (u8, u8) {
    let first = disc.tracks.first().map_or(1, |t| t.number);
    let last = disc.tracks.last().map_or(1, |t| t.number);
    (first, last)
}

/// Disc type for A0 / READ DISC INFORMATION: 0x20 CD-ROM XA when any
/// track is Mode 2, else 0x00 CD-DA / CD-ROM.
fn disc_type(disc: &Disc) -> u8 {
    let mode2 = disc.tracks.iter().any(|t| {
        matches!(
            t.kind,
            SectorKind::Mode2Formless | SectorKind::Mode2Form1 | SectorKind::Mode2Form2
        )
    });
    if mode2 {
        0x20
    } else {
        0x00
    }
}

/// READ TOC/PMA/ATIP.
pub(super) fn read_toc(config: &SimConfig, disc: &Disc, cdb: &[u8], buf: &mut [u8]) -> Outcome {
    let msf = byte(cdb, 1) & 0x02 != 0;
    let format = byte(cdb, 2) & 0x0F;
    let number = byte(cdb, 6);
    let alloc = usize::from(be16(cdb, 7));
    let recordable = config.profile.is_writer();
    let data = match format {
        0 => toc(disc, msf, number)?,
        1 => session_info(disc, msf),
        2 => full_toc(disc, number)?,
        3 if recordable => with_header(0, 0, &[]),
        4 if recordable => atip(config.profile),
        5 if config.cd_text => {
            let packs: Vec<u8> = disc.cdtext_packs().concat();
            with_header(0, 0, &packs)
        }
        _ => return Err(Sense::INVALID_FIELD_IN_CDB),
    };
    Ok(answer(buf, &data, alloc))
}

/// Format 0: track descriptors from the starting track on, then the
/// lead-out (0xAA) of the last session.
fn toc(disc: &Disc, msf: bool, start: u8) -> Result<Vec<u8>, Sense> {
    let (first, last) = track_span(disc);
    if start > last && start != LEADOUT {
        return Err(Sense::INVALID_FIELD_IN_CDB);
    }
    let mut body = Vec::new();
    for t in disc.tracks.iter().filter(|t| t.number >= start) {
        body.extend_from_slice(&descriptor(t.control.bits(), t.number, t.start, msf));
    }
    let control = disc.tracks.last().map_or(0, |t| t.control.bits());
    body.extend_from_slice(&descriptor(control, LEADOUT, disc.leadout(), msf));
    Ok(with_header(first, last, &body))
}

/// Format 1: first and last session, and the first track of the last
/// session.
fn session_info(disc: &Disc, msf: bool) -> Vec<u8> {
    let last_session = disc.sessions.last();
    let count = last_session.map_or(1, |s| s.number);
    let first_track = last_session.and_then(|s| disc.track(s.first_track));
    let d = first_track.map_or([0; 8], |t| {
        descriptor(t.control.bits(), t.number, t.start, msf)
    });
    with_header(1, count, &d)
}

/// One 11-byte full-TOC descriptor (all addresses MSF, binary).
fn raw_descriptor(session: u8, control: u8, point: u8, p: [u8; 3]) -> [u8; 11] {
    [
        session,
        ADR_POSITION | control,
        0,
        point,
        0,
        0,
        0,
        0,
        p[0],
        p[1],
        p[2],
    ]
}

/// Format 2: per session from the requested one, A0 (first track, disc
/// type), A1 (last track), A2 (lead-out), then the track points.
fn full_toc(disc: &Disc, start_session: u8) -> Result<Vec<u8>, Sense> {
    let first_session = disc.sessions.first().map_or(1, |s| s.number);
    let last_session = disc.sessions.last().map_or(1, |s| s.number);
    if start_session > last_session {
        return Err(Sense::INVALID_FIELD_IN_CDB);
    }
    let dtype = disc_type(disc);
    let mut body = Vec::new();
    for s in disc.sessions.iter().filter(|s| s.number >= start_session) {
        let tracks: Vec<&Track> = disc
            .tracks
            .iter()
            .filter(|t| t.session == s.number)
            .collect();
        let first = tracks.first().map_or(0, |t| t.control.bits());
        let last = tracks.last().map_or(0, |t| t.control.bits());
        let n = s.number;
        body.extend_from_slice(&raw_descriptor(n, first, 0xA0, [s.first_track, dtype, 0]));
        body.extend_from_slice(&raw_descriptor(n, last, 0xA1, [s.last_track, 0, 0]));
        body.extend_from_slice(&raw_descriptor(n, last, 0xA2, msf_of(s.leadout)));
        for t in tracks {
            let c = t.control.bits();
            body.extend_from_slice(&raw_descriptor(n, c, t.number, msf_of(t.start)));
        }
    }
    Ok(with_header(first_session, last_session, &body))
}

/// Format 4: the ATIP of a 74-minute disc (lead-in 97:26:66, last
/// possible lead-out 79:59:74).
fn atip(profile: Profile) -> Vec<u8> {
    let mut d = [0u8; 24];
    d[0] = 0x80 | 0x05; // bit 7 set; indicative writing power 0; reference speed 5
    d[1] = 0x40; // URU: unrestricted use
    d[2] = 0x80 | if profile == Profile::CdRw { 0x40 } else { 0 }; // Disc Type
    d[4..7].copy_from_slice(&[97, 26, 66]);
    d[8..11].copy_from_slice(&[79, 59, 74]);
    with_header(0, 0, &d)
}

/// READ DISC INFORMATION, standard disc information (34 bytes): a complete
/// disc with a complete last session.
pub(super) fn disc_information(
    disc: &Disc,
    profile: Profile,
    cdb: &[u8],
    buf: &mut [u8],
) -> Outcome {
    if byte(cdb, 1) & 0x07 != 0 {
        // Only data type 000b (standard disc information).
        return Err(Sense::INVALID_FIELD_IN_CDB);
    }
    let alloc = usize::from(be16(cdb, 7));
    let sessions = disc.sessions.len() as u16;
    let last = disc.sessions.last();
    let first_in_last = u16::from(last.map_or(1, |s| s.first_track));
    let last_in_last = u16::from(last.map_or(1, |s| s.last_track));
    let mut v = vec![0u8; 34];
    put16(&mut v, 0, 32);
    // Status: erasable (CD-RW), last session complete (11b), disc
    // complete (10b).
    v[2] = if profile == Profile::CdRw { 0x10 } else { 0 } | 0x0C | 0x02;
    v[3] = track_span(disc).0;
    let [sessions_hi, sessions_lo] = sessions.to_be_bytes();
    let [first_hi, first_lo] = first_in_last.to_be_bytes();
    let [last_hi, last_lo] = last_in_last.to_be_bytes();
    v[4] = sessions_lo;
    v[5] = first_lo;
    v[6] = last_lo;
    v[7] = if profile.is_writer() { 0x20 } else { 0 }; // URU
    v[8] = disc_type(disc);
    v[9] = sessions_hi;
    v[10] = first_hi;
    v[11] = last_hi;
    // Last session lead-in start and last possible lead-out start: none
    // on a complete disc.
    put32(&mut v, 16, u32::MAX);
    put32(&mut v, 20, u32::MAX);
    Ok(answer(buf, &v, alloc))
}

/// READ TRACK INFORMATION (36 bytes) by LBA (00b), track number (01b) or
/// session number (10b, its first track).
pub(super) fn track_information(disc: &Disc, cdb: &[u8], buf: &mut [u8]) -> Outcome {
    let value = be32(cdb, 2);
    let alloc = usize::from(be16(cdb, 7));
    let track = match byte(cdb, 1) & 0x03 {
        0 => disc.track_at(value),
        1 => u8::try_from(value).ok().and_then(|n| disc.track(n)),
        2 => u8::try_from(value)
            .ok()
            .and_then(|n| disc.sessions.iter().find(|s| s.number == n))
            .and_then(|s| disc.track(s.first_track)),
        _ => None,
    };
    let t = track.ok_or(Sense::INVALID_FIELD_IN_CDB)?;
    let mut v = vec![0u8; 36];
    put16(&mut v, 0, 34);
    v[2] = t.number;
    v[3] = t.session;
    v[5] = t.control.bits(); // Track Mode = the control nibble
    v[6] = match t.kind {
        SectorKind::Mode1 => 0x01,
        SectorKind::Audio => 0x0F,
        _ => 0x02,
    };
    put32(&mut v, 8, t.start);
    let size = t.end.saturating_sub(t.start);
    put32(&mut v, 24, size);
    put32(&mut v, 28, t.end.saturating_sub(1));
    Ok(answer(buf, &v, alloc))
}
