//! The simulated drive's CD audio player: PLAY AUDIO (10/12/MSF),
//! PAUSE/RESUME, STOP PLAY/SCAN, SEEK(10), READ SUB-CHANNEL and the CD Audio
//! Control mode page 0x0E.
//!
//! Time is virtual: playback moves only when [`Player::advance`] is called,
//! at 75 frames per second of audio. The play range is `[start, end)` in
//! LBAs; the position is the next frame to play (while paused, the frame
//! play resumes at; once play has ended, the last frame played).
//!
//! Audio status follows MMC: 0x11 while playing, 0x12 paused, 0x13 after a
//! play completed and 0x14 after one stopped on an error — each of those
//! two reported by exactly one READ SUB-CHANNEL — and 0x15 otherwise.
//!
//! The Q channel (format 1) is that of the sector under the pick-up: ADR 1
//! with the track's CONTROL, track and index (0 in a pregap, 1 from INDEX
//! 01, 2.. from the track's further indexes), the absolute address, and the
//! track-relative address, which counts down to 0 through a pregap (as a
//! negative LBA when the LBA form is asked for).

use std::fmt;

use cdfilter_core::abi::audio::{
    AudioStatus, SubQCurrentPosition, SubQHeader, SubQMediaCatalogNumber, SubQTrackIsrc,
};
use cdfilter_core::scsi::msf::Msf;
use cdfilter_core::scsi::opcode;
use zerocopy::IntoBytes;

use super::Sense;
use crate::disc::{Disc, SectorKind};

/// The Q channel's track number in the lead-out.
pub const LEAD_OUT_TRACK: u8 = 0xAA;
/// Stereo samples in one CD-DA frame (2352 bytes / 4).
pub const SAMPLES_PER_FRAME: usize = 588;

/// Bytes of the audio control page, with its 2-byte header.
const PAGE_LEN: usize = 16;

/// The page as the drive powers up (also its default and saved values):
/// IMMED set, port 0 = left channel, port 1 = right channel, both at 0xFF;
/// ports 2 and 3 absent (muted, not routed).
const DEFAULT_PAGE: [u8; PAGE_LEN] = [
    0x0E, 0x0E, 0x04, 0, 0, 0, 0, 0, 0x01, 0xFF, 0x02, 0xFF, 0, 0, 0, 0,
];

/// What MODE SELECT may change: SOTC, the channel selections and volumes of
/// ports 0 and 1.
const CHANGEABLE_PAGE: [u8; PAGE_LEN] = [
    0x0E, 0x0E, 0x02, 0, 0, 0, 0, 0, 0x0F, 0xFF, 0x0F, 0xFF, 0, 0, 0, 0,
];

/// Receives the audio the player plays, after channel routing and volume.
pub trait AudioSink: Send + fmt::Debug {
    /// One frame: 588 stereo samples (output port 0, output port 1).
    fn frame(&mut self, samples: &[[i16; 2]; SAMPLES_PER_FRAME]);
}

/// A [`AudioSink`] that writes a 44.1 kHz 16-bit stereo WAV file.
pub struct WavSink {
    writer: hound::WavWriter<std::io::BufWriter<std::fs::File>>,
    error: Option<hound::Error>,
}

impl WavSink {
    /// Creates (truncates) the file.
    pub fn create(path: impl AsRef<std::path::Path>) -> Result<Self, hound::Error> {
        let spec = hound::WavSpec {
            channels: 2,
            sample_rate: 44_100,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        Ok(Self {
            writer: hound::WavWriter::create(path, spec)?,
            error: None,
        })
    }

    /// Writes the header's lengths and closes the file; reports the first
    /// write error, if any.
    pub fn finish(self) -> Result<(), hound::Error> {
        if let Some(e) = self.error {
            return Err(e);
        }
        self.writer.finalize()
    }
}

impl fmt::Debug for WavSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WavSink")
            .field("samples", &self.writer.len())
            .field("error", &self.error)
            .finish()
    }
}

impl AudioSink for WavSink {
    fn frame(&mut self, samples: &[[i16; 2]; SAMPLES_PER_FRAME]) {
        if self.error.is_some() {
            return;
        }
        for s in samples.iter().flatten() {
            if let Err(e) = self.writer.write_sample(*s) {
                self.error = Some(e);
                return;
            }
        }
    }
}

/// Where the player is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PlayState {
    /// No play operation: stopped, completed or never started.
    Idle,
    /// Playing.
    Playing,
    /// Paused inside a play operation.
    Paused,
}

/// The CD audio player of the simulated drive.
#[derive(Debug)]
pub struct Player {
    state: PlayState,
    /// Next frame to play, or where the pick-up rests.
    pos: u32,
    /// First LBA after the play range.
    end: u32,
    /// 0x13 or 0x14, reported once by READ SUB-CHANNEL.
    pending: Option<AudioStatus>,
    /// Current values of mode page 0x0E.
    page: [u8; PAGE_LEN],
    sink: Option<Box<dyn AudioSink>>,
}

impl Default for Player {
    fn default() -> Self {
        Self::new()
    }
}

/// Reads a big-endian field of a CDB; missing bytes read as 0.
fn be(cdb: &[u8], at: usize, len: usize) -> u32 {
    (at..at + len).fold(0u32, |acc, i| {
        acc << 8 | u32::from(cdb.get(i).copied().unwrap_or(0))
    })
}

fn byte(cdb: &[u8], at: usize) -> u8 {
    cdb.get(at).copied().unwrap_or(0)
}

/// A play request after decoding the CDB.
enum Start {
    /// From this LBA (signed: MSF before 00:02:00 is negative).
    At(i64),
    /// From the current pick-up position.
    Current,
}

impl Player {
    /// A stopped player with the page at its defaults, position LBA 0.
    pub fn new() -> Self {
        Self {
            state: PlayState::Idle,
            pos: 0,
            end: 0,
            pending: None,
            page: DEFAULT_PAGE,
            sink: None,
        }
    }

    /// Handles an audio-related command; `None` when `cdb[0]` is not one of
    /// 0x45 PLAY AUDIO(10), 0x47 PLAY AUDIO MSF, 0xA5 PLAY AUDIO(12), 0x4B
    /// PAUSE/RESUME, 0x4E STOP PLAY/SCAN, 0x2B SEEK(10), 0x42 READ
    /// SUB-CHANNEL. `data_in` is the command's data-in buffer (may be
    /// empty); `Ok(n)` = bytes transferred.
    pub fn command(
        &mut self,
        disc: &Disc,
        cdb: &[u8],
        data_in: &mut [u8],
    ) -> Option<Result<usize, Sense>> {
        let op = *cdb.first()?;
        let result = match op {
            opcode::PLAY_AUDIO_MSF => self.play_msf(disc, cdb),
            0x45 => {
                let start = Self::lba_start(be(cdb, 2, 4));
                self.play_len(disc, start, be(cdb, 7, 2))
            }
            0xA5 => {
                let start = Self::lba_start(be(cdb, 2, 4));
                self.play_len(disc, start, be(cdb, 6, 4))
            }
            opcode::PAUSE_RESUME => self.pause_resume(byte(cdb, 8) & 1 != 0),
            opcode::STOP_PLAY_SCAN => {
                self.stop();
                Ok(0)
            }
            opcode::SEEK10 => self.seek(disc, be(cdb, 2, 4)),
            opcode::READ_SUB_CHANNEL => self.read_sub_channel(disc, cdb, data_in),
            _ => return None,
        };
        Some(result)
    }

    /// The start of PLAY AUDIO(10)/(12): `FFFFFFFF` is the current position,
    /// other values are signed LBAs.
    fn lba_start(raw: u32) -> Start {
        if raw == u32::MAX {
            Start::Current
        } else {
            Start::At(i64::from(raw as i32))
        }
    }

    fn play_msf(&mut self, disc: &Disc, cdb: &[u8]) -> Result<usize, Sense> {
        let s = [byte(cdb, 3), byte(cdb, 4), byte(cdb, 5)];
        let e = [byte(cdb, 6), byte(cdb, 7), byte(cdb, 8)];
        let end = Msf::from_bytes(e)
            .ok_or(Sense::INVALID_FIELD_IN_CDB)?
            .to_lba_signed();
        let start = if s == [0xFF; 3] {
            i64::from(self.pos)
        } else {
            Msf::from_bytes(s)
                .ok_or(Sense::INVALID_FIELD_IN_CDB)?
                .to_lba_signed()
        };
        if start > end {
            return Err(Sense::INVALID_FIELD_IN_CDB);
        }
        self.play_range(disc, start, end)
    }

    fn play_len(&mut self, disc: &Disc, start: Start, len: u32) -> Result<usize, Sense> {
        let start = match start {
            Start::At(lba) => lba,
            Start::Current => i64::from(self.pos),
        };
        self.play_range(disc, start, start + i64::from(len))
    }

    /// Plays `[start, end)`; an empty range is a successful no-op.
    fn play_range(&mut self, disc: &Disc, start: i64, end: i64) -> Result<usize, Sense> {
        if start == end {
            return Ok(0);
        }
        let leadout = i64::from(disc.leadout());
        if start < 0 || start >= leadout || end > leadout {
            return Err(Sense::LBA_OUT_OF_RANGE);
        }
        // Every sector of the range must belong to an audio track.
        let mut lba = start as u32;
        let end = end as u32;
        while lba < end {
            let track = disc.track_at(lba).ok_or(Sense::LBA_OUT_OF_RANGE)?;
            if track.kind != SectorKind::Audio {
                return Err(Sense::ILLEGAL_MODE_FOR_TRACK);
            }
            lba = track.end;
        }
        self.state = PlayState::Playing;
        self.pos = start as u32;
        self.end = end;
        self.pending = None;
        Ok(0)
    }

    fn pause_resume(&mut self, resume: bool) -> Result<usize, Sense> {
        self.state = match (self.state, resume) {
            (PlayState::Idle, _) => return Err(Sense::COMMAND_SEQUENCE_ERROR),
            (_, true) => PlayState::Playing,
            (_, false) => PlayState::Paused,
        };
        Ok(0)
    }

    /// SEEK(10): ends any play operation and moves the pick-up.
    fn seek(&mut self, disc: &Disc, lba: u32) -> Result<usize, Sense> {
        if lba >= disc.leadout() {
            return Err(Sense::LBA_OUT_OF_RANGE);
        }
        self.stop();
        self.pos = lba;
        Ok(0)
    }

    /// Advances the play clock by `frames` (75 per second); tests and the
    /// sim's virtual clock call it. Nothing moves unless playing. Reaching
    /// the end of the range completes the play (status 0x13 once). With a
    /// sink installed every frame is read from the disc and sent to it; a
    /// sector that cannot be read ends the play with an error (0x14 once).
    pub fn advance(&mut self, disc: &Disc, frames: u32) {
        if self.state != PlayState::Playing {
            return;
        }
        let n = frames.min(self.end.saturating_sub(self.pos));
        if self.sink.is_some() {
            for lba in self.pos..self.pos + n {
                if !self.play_frame(disc, lba) {
                    self.pos = lba;
                    self.state = PlayState::Idle;
                    self.pending = Some(AudioStatus::PLAY_ERROR);
                    return;
                }
            }
        }
        self.pos += n;
        if self.pos >= self.end {
            self.pos = self.end.saturating_sub(1);
            self.state = PlayState::Idle;
            self.pending = Some(AudioStatus::PLAY_COMPLETE);
        }
    }

    /// Sends one frame to the sink through the page's routing and volume;
    /// false when the sector cannot be read.
    fn play_frame(&mut self, disc: &Disc, lba: u32) -> bool {
        let mut raw = [0u8; 2352];
        if disc.read_main(lba, &mut raw).is_err() {
            return false;
        }
        let ports = [(self.page[8], self.page[9]), (self.page[10], self.page[11])];
        let mut out = [[0i16; 2]; SAMPLES_PER_FRAME];
        for (o, chunk) in out.iter_mut().zip(raw.chunks_exact(4)) {
            let left = i32::from(i16::from_le_bytes([chunk[0], chunk[1]]));
            let right = i32::from(i16::from_le_bytes([chunk[2], chunk[3]]));
            for (sample, (selection, volume)) in o.iter_mut().zip(ports) {
                let mut mixed = 0i32;
                if selection & 1 != 0 {
                    mixed += left;
                }
                if selection & 2 != 0 {
                    mixed += right;
                }
                let scaled = mixed * i32::from(volume) / 255;
                *sample = scaled.clamp(i32::from(i16::MIN), i32::from(i16::MAX)) as i16;
            }
        }
        if let Some(sink) = self.sink.as_mut() {
            sink.frame(&out);
        }
        true
    }

    /// Medium removed / drive stopped (START STOP UNIT, eject, STOP
    /// PLAY/SCAN): play ends and the status becomes 0x15 (no status); a
    /// pending 0x13/0x14 is dropped.
    pub fn stop(&mut self) {
        self.state = PlayState::Idle;
        self.pending = None;
    }

    /// True while playing (not paused).
    pub fn is_playing(&self) -> bool {
        self.state == PlayState::Playing
    }

    /// Idle, playing or paused.
    pub fn state(&self) -> PlayState {
        self.state
    }

    /// The position: next frame to play, or where the pick-up rests.
    pub fn position(&self) -> u32 {
        self.pos
    }

    /// The audio status READ SUB-CHANNEL would report now, without
    /// consuming a one-shot 0x13/0x14.
    pub fn audio_status(&self) -> AudioStatus {
        match (self.state, self.pending) {
            (PlayState::Playing, _) => AudioStatus::IN_PROGRESS,
            (PlayState::Paused, _) => AudioStatus::PAUSED,
            (PlayState::Idle, Some(s)) => s,
            (PlayState::Idle, None) => AudioStatus::NO_STATUS,
        }
    }

    /// Reports the status and consumes a one-shot 0x13/0x14.
    fn take_status(&mut self) -> AudioStatus {
        let s = self.audio_status();
        if self.state == PlayState::Idle {
            self.pending = None;
        }
        s
    }

    /// Installs (or removes) the sink that receives played audio; returns
    /// the previous one.
    pub fn set_sink(&mut self, sink: Option<Box<dyn AudioSink>>) -> Option<Box<dyn AudioSink>> {
        std::mem::replace(&mut self.sink, sink)
    }

    /// Volumes of output ports 0..3.
    pub fn volumes(&self) -> [u8; 4] {
        [self.page[9], self.page[11], self.page[13], self.page[15]]
    }

    /// Mode page 0x0E image (16 bytes incl. the 2-byte page header) for page
    /// control `pc` (0 current, 1 changeable, 2 default, 3 saved; saved
    /// values are the defaults, the page cannot be saved).
    pub fn audio_page(&self, pc: u8) -> [u8; 16] {
        match pc & 3 {
            0 => self.page,
            1 => CHANGEABLE_PAGE,
            _ => DEFAULT_PAGE,
        }
    }

    /// MODE SELECT of page 0x0E (the page bytes, 16). A page shorter than 16
    /// bytes is 5/1A/00; a wrong page code or length, SPF set, or a change
    /// of a field the changeable mask does not allow is 5/26/00.
    pub fn select_audio_page(&mut self, page: &[u8]) -> Result<(), Sense> {
        let Some(new) = page.get(..PAGE_LEN) else {
            return Err(Sense::PARAMETER_LIST_LENGTH);
        };
        let (Some(&code), Some(&len)) = (new.first(), new.get(1)) else {
            return Err(Sense::PARAMETER_LIST_LENGTH);
        };
        // PS (bit 7) is reserved in MODE SELECT data and ignored.
        if code & 0x7F != 0x0E || usize::from(len) != PAGE_LEN - 2 {
            return Err(Sense::INVALID_FIELD_IN_PARAMETER_LIST);
        }
        let allowed = new
            .iter()
            .zip(self.page)
            .zip(CHANGEABLE_PAGE)
            .skip(2)
            .all(|((n, c), m)| (n ^ c) & !m == 0);
        if !allowed {
            return Err(Sense::INVALID_FIELD_IN_PARAMETER_LIST);
        }
        for (c, n) in self.page.iter_mut().zip(new).skip(2) {
            *c = *n;
        }
        Ok(())
    }

    fn read_sub_channel(
        &mut self,
        disc: &Disc,
        cdb: &[u8],
        data_in: &mut [u8],
    ) -> Result<usize, Sense> {
        let msf = byte(cdb, 1) & 0x02 != 0;
        let subq = byte(cdb, 2) & 0x40 != 0;
        let format = byte(cdb, 3);
        let track = byte(cdb, 6);
        let alloc = be(cdb, 7, 2) as usize;
        if subq && !matches!(format, 1..=3) {
            return Err(Sense::INVALID_FIELD_IN_CDB);
        }
        if subq && format == 3 && disc.track(track).is_none() {
            return Err(Sense::INVALID_FIELD_IN_CDB);
        }
        let status = self.take_status();
        let mut answer = [0u8; 24];
        let len = if subq {
            match format {
                1 => self.position_answer(disc, status, msf, &mut answer),
                2 => self.catalog_answer(disc, status, &mut answer),
                _ => self.isrc_answer(disc, status, track, &mut answer),
            }
        } else {
            let header = SubQHeader {
                reserved: 0,
                audio_status: status.0,
                data_length: [0, 0],
            };
            answer[..4].copy_from_slice(header.as_bytes());
            4
        };
        let n = len.min(alloc).min(data_in.len());
        data_in[..n].copy_from_slice(&answer[..n]);
        Ok(n)
    }

    fn header(status: AudioStatus, data_len: u16) -> SubQHeader {
        SubQHeader {
            reserved: 0,
            audio_status: status.0,
            data_length: data_len.to_be_bytes(),
        }
    }

    /// The frame number (F of the absolute MSF) of the position: the
    /// AFRAME of MCN and ISRC answers.
    fn aframe(&self) -> u8 {
        Msf::from_lba(self.pos).map_or(0, |m| m.f)
    }

    fn position_answer(
        &self,
        disc: &Disc,
        status: AudioStatus,
        msf: bool,
        out: &mut [u8; 24],
    ) -> usize {
        let q = QPosition::at(disc, self.pos);
        let (absolute, relative) = if msf {
            let abs = Msf::from_lba(self.pos).map_or([0; 4], Msf::to_address);
            let rel =
                Msf::from_frames(q.relative.unsigned_abs() as u32).map_or([0; 4], Msf::to_address);
            (abs, rel)
        } else {
            (self.pos.to_be_bytes(), (q.relative as i32).to_be_bytes())
        };
        let answer = SubQCurrentPosition {
            header: Self::header(status, 12),
            format_code: 1,
            control_adr: 0x10 | q.control,
            track_number: q.track,
            index_number: q.index,
            absolute_address: absolute,
            track_relative_address: relative,
        };
        out[..16].copy_from_slice(answer.as_bytes());
        16
    }

    fn catalog_answer(&self, disc: &Disc, status: AudioStatus, out: &mut [u8; 24]) -> usize {
        let mut answer = SubQMediaCatalogNumber {
            header: Self::header(status, 20),
            format_code: 2,
            ..SubQMediaCatalogNumber::default()
        };
        if let Some(mcn) = disc.mcn {
            answer.mcval = 0x80;
            answer.media_catalog[..13].copy_from_slice(&mcn);
            answer.media_catalog[14] = self.aframe();
        }
        out.copy_from_slice(answer.as_bytes());
        24
    }

    fn isrc_answer(
        &self,
        disc: &Disc,
        status: AudioStatus,
        track: u8,
        out: &mut [u8; 24],
    ) -> usize {
        let t = disc.track(track);
        let mut answer = SubQTrackIsrc {
            header: Self::header(status, 20),
            format_code: 3,
            reserved0: 0x30 | t.map_or(0, |t| t.control.bits()),
            track,
            ..SubQTrackIsrc::default()
        };
        if let Some(isrc) = t
            .filter(|t| t.kind == SectorKind::Audio)
            .and_then(|t| t.isrc)
        {
            answer.tcval = 0x80;
            answer.track_isrc[..12].copy_from_slice(&isrc);
            answer.track_isrc[13] = self.aframe();
        }
        out.copy_from_slice(answer.as_bytes());
        24
    }
}

/// The Q channel's position fields at an LBA.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct QPosition {
    control: u8,
    track: u8,
    index: u8,
    /// Frames from INDEX 01 (negative in a pregap), or from the lead-out.
    relative: i64,
}

impl QPosition {
    fn at(disc: &Disc, lba: u32) -> Self {
        if let Some(t) = disc.track_at(lba) {
            let (index, relative) = if lba < t.start {
                (0, i64::from(lba) - i64::from(t.start))
            } else {
                let later = t.indexes.iter().filter(|&&i| i <= lba).count();
                (
                    (1 + later).min(99) as u8,
                    i64::from(lba) - i64::from(t.start),
                )
            };
            return Self {
                control: t.control.bits(),
                track: t.number,
                index,
                relative,
            };
        }
        // Lead-out (or between sessions): the lead-out of the session the
        // position is past.
        let leadout = disc
            .sessions
            .iter()
            .map(|s| s.leadout)
            .filter(|&l| l <= lba)
            .max()
            .unwrap_or(0);
        Self {
            control: disc.tracks.last().map_or(0, |t| t.control.bits()),
            track: LEAD_OUT_TRACK,
            index: 1,
            relative: i64::from(lba) - i64::from(leadout),
        }
    }
}
