//! The simulated MMC drive.
//!
//! [`SimDrive`] implements the core's [`Port`] with the behaviour of a real
//! ATAPI CD drive: every command the driver sends gets MMC's answer or MMC's
//! sense data (fixed format, delivered as autosense and again by REQUEST
//! SENSE), the tray and medium go through the real media-change sequence,
//! and data-in answers are written straight into the buffer the port
//! receives, never past its end, under the CDB's allocation length.
//!
//! Port-driver behaviour is modelled too: a data phase longer than
//! [`SimConfig::max_transfer`] or a buffer that breaks
//! [`SimConfig::alignment_mask`] is refused with `SRB_STATUS_INVALID_REQUEST`
//! before the drive sees it; an answer shorter than the buffer is an
//! under-run (`SRB_STATUS_DATA_OVERRUN` with the real count, or success with
//! the real count when [`SimConfig::underrun_as_overrun`] is off); an answer
//! longer than the buffer is an over-run (`SRB_STATUS_DATA_OVERRUN`, the
//! buffer filled).
//!
//! One file per command family: `spc` (REQUEST SENSE, INQUIRY, START STOP
//! UNIT, PREVENT ALLOW, MECHANISM STATUS), `block` (READ CAPACITY, READ(10),
//! READ(12)), `readcd` (READ CD, READ CD MSF), `toc` (READ TOC/PMA/ATIP,
//! READ DISC INFORMATION, READ TRACK INFORMATION), `features` (GET
//! CONFIGURATION), `events` (GET EVENT STATUS NOTIFICATION), `mode` (MODE
//! SENSE, MODE SELECT), `perf` (SET CD SPEED, SET STREAMING, GET
//! PERFORMANCE, SEND OPC INFORMATION), `media` (tray, medium, lock and media
//! events), `config` ([`SimConfig`]). CD audio (PLAY AUDIO, PAUSE/RESUME,
//! STOP PLAY/SCAN, SEEK, READ SUB-CHANNEL, page 0x0E) is the
//! [`audio::Player`]'s; the drive puts the NOT READY gate in front of it
//! and advances it on the virtual clock.
//!
//! Simplifications (each answer is still MMC-shaped): every disc is a
//! finalised, pressed-or-closed medium (PMA empty, write features not
//! current, no WRITE commands); the full TOC has no B0/C0 points; the R–W
//! sub-channel is the low six bits of the raw P–W, not de-interleaved;
//! C2 injection flags every byte of a sector; saved mode pages are not
//! supported (5/39/00); there is one initiator (RESERVE/RELEASE always
//! succeed).

pub mod audio;
mod block;
mod config;
mod events;
mod features;
mod media;
mod mode;
mod perf;
mod readcd;
mod spc;
mod toc;
mod wire;

use cdfilter_core::port::{Command, DataPhase, Port, PortResult, SrbStatus};
use cdfilter_core::scsi::opcode as op;

use crate::disc::Disc;

pub use audio::Player;
pub use config::{Profile, SimConfig};
pub use media::MediaEvent;

use media::Media;
use wire::{Outcome, Reply};

/// Fixed-format sense data: sense key, additional sense code and qualifier.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Sense {
    /// Sense key (low 4 bits).
    pub key: u8,
    /// Additional sense code.
    pub asc: u8,
    /// Additional sense code qualifier.
    pub ascq: u8,
}

impl Sense {
    /// A sense triple.
    pub const fn new(key: u8, asc: u8, ascq: u8) -> Self {
        Self { key, asc, ascq }
    }

    /// NO SENSE (0/00/00): nothing to report.
    pub const NO_SENSE: Self = Self::new(0x0, 0x00, 0x00);
    /// NOT READY, LOGICAL UNIT IS IN PROCESS OF BECOMING READY (2/04/01).
    pub const BECOMING_READY: Self = Self::new(0x2, 0x04, 0x01);
    /// NOT READY, MEDIUM NOT PRESENT (2/3A/00), tray closed.
    pub const NOT_PRESENT: Self = Self::new(0x2, 0x3A, 0x00);
    /// NOT READY, MEDIUM NOT PRESENT - TRAY OPEN (2/3A/02).
    pub const NOT_PRESENT_TRAY_OPEN: Self = Self::new(0x2, 0x3A, 0x02);
    /// MEDIUM ERROR, UNRECOVERED READ ERROR (3/11/00).
    pub const UNRECOVERED_READ_ERROR: Self = Self::new(0x3, 0x11, 0x00);
    /// ILLEGAL REQUEST, PARAMETER LIST LENGTH ERROR (5/1A/00).
    pub const PARAMETER_LIST_LENGTH: Self = Self::new(0x5, 0x1A, 0x00);
    /// ILLEGAL REQUEST, INVALID COMMAND OPERATION CODE (5/20/00).
    pub const INVALID_OPCODE: Self = Self::new(0x5, 0x20, 0x00);
    /// ILLEGAL REQUEST, LOGICAL BLOCK ADDRESS OUT OF RANGE (5/21/00).
    pub const LBA_OUT_OF_RANGE: Self = Self::new(0x5, 0x21, 0x00);
    /// ILLEGAL REQUEST, INVALID FIELD IN CDB (5/24/00).
    pub const INVALID_FIELD_IN_CDB: Self = Self::new(0x5, 0x24, 0x00);
    /// ILLEGAL REQUEST, INVALID FIELD IN PARAMETER LIST (5/26/00).
    pub const INVALID_FIELD_IN_PARAMETER_LIST: Self = Self::new(0x5, 0x26, 0x00);
    /// ILLEGAL REQUEST, COMMAND SEQUENCE ERROR (5/2C/00).
    pub const COMMAND_SEQUENCE_ERROR: Self = Self::new(0x5, 0x2C, 0x00);
    /// ILLEGAL REQUEST, SAVING PARAMETERS NOT SUPPORTED (5/39/00).
    pub const SAVING_NOT_SUPPORTED: Self = Self::new(0x5, 0x39, 0x00);
    /// ILLEGAL REQUEST, MEDIUM REMOVAL PREVENTED (5/53/02).
    pub const REMOVAL_PREVENTED: Self = Self::new(0x5, 0x53, 0x02);
    /// ILLEGAL REQUEST, ILLEGAL MODE FOR THIS TRACK (5/64/00).
    pub const ILLEGAL_MODE_FOR_TRACK: Self = Self::new(0x5, 0x64, 0x00);
    /// UNIT ATTENTION, NOT READY TO READY CHANGE, MEDIUM MAY HAVE CHANGED
    /// (6/28/00).
    pub const MEDIUM_CHANGED: Self = Self::new(0x6, 0x28, 0x00);
    /// UNIT ATTENTION, POWER ON, RESET, OR BUS DEVICE RESET OCCURRED
    /// (6/29/00).
    pub const POWER_ON: Self = Self::new(0x6, 0x29, 0x00);

    /// The 18 bytes of fixed-format sense data (response code 0x70,
    /// additional length 10).
    pub fn fixed(self) -> [u8; 18] {
        let mut s = [0; 18];
        s[0] = 0x70;
        s[2] = self.key & 0x0F;
        s[7] = 10;
        s[12] = self.asc;
        s[13] = self.ascq;
        s
    }
}

/// Opcodes a pending UNIT ATTENTION does not fail (SPC: INQUIRY, REQUEST
/// SENSE; MMC: GET CONFIGURATION and GET EVENT STATUS NOTIFICATION).
const UNIT_ATTENTION_EXEMPT: [u8; 4] = [
    op::INQUIRY,
    op::REQUEST_SENSE,
    op::GET_CONFIGURATION,
    op::GET_EVENT_STATUS_NOTIFICATION,
];

/// 100 ns units per second.
const TICKS_PER_SECOND: u64 = 10_000_000;

/// CD frames (sectors) per second at 1x.
const FRAMES_PER_SECOND: u64 = 75;

/// The simulated drive.
pub struct SimDrive {
    config: SimConfig,
    media: Media,
    player: Player,
    /// Sense of the last CHECK CONDITION, kept for REQUEST SENSE until the
    /// next successful command.
    last_sense: Option<Sense>,
    /// Virtual time in 100 ns units, and the frames already handed to the
    /// player.
    clock_ticks: u64,
    clock_frames: u64,
    speed: perf::Speed,
}

impl std::fmt::Debug for SimDrive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimDrive")
            .field("config", &self.config)
            .field("media", &self.media)
            .field("last_sense", &self.last_sense)
            .field("clock_frames", &self.clock_frames)
            .field("speed", &self.speed)
            .finish_non_exhaustive()
    }
}

impl Default for SimDrive {
    /// The default drive with the built-in disc, its default medium.
    fn default() -> Self {
        Self::with_builtin_disc()
    }
}

impl SimDrive {
    /// A drive with this configuration; `disc` is loaded and spun up (no
    /// BECOMING READY, no MEDIUM CHANGED), as after the drive has settled.
    pub fn new(config: SimConfig, disc: Option<Disc>) -> Self {
        let media = Media {
            disc,
            unit_attention: config.power_on_unit_attention.then_some(Sense::POWER_ON),
            ..Media::default()
        };
        let speed = perf::Speed::new(&config);
        Self {
            config,
            media,
            player: Player::new(),
            last_sense: None,
            clock_ticks: 0,
            clock_frames: 0,
            speed,
        }
    }

    /// The default drive with the built-in disc loaded (also what
    /// `SimDrive::default()` gives).
    pub fn with_builtin_disc() -> Self {
        Self::new(SimConfig::default(), Some(Disc::builtin()))
    }

    /// The configuration.
    pub fn config(&self) -> &SimConfig {
        &self.config
    }

    /// The configuration, to change capabilities between commands.
    pub fn config_mut(&mut self) -> &mut SimConfig {
        &mut self.config
    }

    /// The disc in the drive (in the tray, loaded or not).
    pub fn disc(&self) -> Option<&Disc> {
        self.media.disc.as_ref()
    }

    /// The audio player.
    pub fn player(&self) -> &Player {
        &self.player
    }

    /// True while a PREVENT (or persistent prevent) holds the medium.
    pub fn is_removal_prevented(&self) -> bool {
        self.media.prevent || self.media.persistent_prevent
    }

    /// True when the tray is open.
    pub fn is_tray_open(&self) -> bool {
        self.media.tray_open
    }

    /// Media events not yet reported by GET EVENT STATUS NOTIFICATION.
    pub fn pending_media_events(&self) -> Vec<MediaEvent> {
        self.media.events.iter().copied().collect()
    }

    /// Frames elapsed on the virtual clock.
    pub fn clock_frames(&self) -> u64 {
        self.clock_frames
    }

    /// The read speed (kB/s) SET CD SPEED / SET STREAMING selected.
    pub fn read_speed(&self) -> u16 {
        self.speed.read
    }

    /// The 28-byte performance descriptor of the last accepted SET
    /// STREAMING (none after a restore-defaults or a medium change).
    pub fn streaming_descriptor(&self) -> Option<[u8; 28]> {
        self.speed.streaming
    }

    /// The operator puts `disc` in and closes the tray: the drive spins up
    /// (BECOMING READY), then reports MEDIUM CHANGED once. A disc already
    /// in the drive is removed first.
    pub fn insert(&mut self, disc: Disc) {
        self.medium_changes();
        self.media.insert(disc, self.config.becoming_ready_turs);
    }

    /// The tray opens and the disc is taken out (also while removal is
    /// prevented: this is the operator's emergency eject).
    pub fn eject(&mut self) -> Option<Disc> {
        self.medium_changes();
        self.media.eject()
    }

    /// The tray opens with the disc left in it.
    pub fn open_tray(&mut self) {
        self.medium_changes();
        self.media.open_tray();
    }

    /// The tray closes; a disc in it is loaded.
    pub fn close_tray(&mut self) {
        if self.media.tray_open && self.media.disc.is_some() {
            self.medium_changes();
        }
        self.media.close_tray(self.config.becoming_ready_turs);
    }

    /// The operator presses the eject button: with removal prevented the
    /// drive only reports an eject-request event; otherwise the tray opens.
    pub fn press_eject_button(&mut self) {
        if self.is_removal_prevented() {
            self.media.push_event(MediaEvent::EjectRequest);
        } else {
            self.open_tray();
        }
    }

    /// Advances the virtual clock by `frames` (1/75 s each); a playing
    /// player moves on.
    pub fn advance_frames(&mut self, frames: u32) {
        self.clock_frames = self.clock_frames.saturating_add(u64::from(frames));
        let ticks = self
            .clock_frames
            .saturating_mul(TICKS_PER_SECOND)
            .div_ceil(FRAMES_PER_SECOND);
        self.clock_ticks = self.clock_ticks.max(ticks);
        if let Some(disc) = self.media.ready_disc() {
            self.player.advance(disc, frames);
        }
    }

    /// What a medium change does to the drive's state: playback stops and
    /// the streaming settings return to their defaults.
    fn medium_changes(&mut self) {
        self.player.stop();
        self.speed.streaming = None;
    }

    /// The disc, after the NOT READY gate for a medium-access command.
    fn medium(&mut self) -> Result<&Disc, Sense> {
        self.loaded().map(|(_, disc)| disc)
    }

    /// The configuration and the disc, after the NOT READY gate.
    fn loaded(&mut self) -> Result<(&SimConfig, &Disc), Sense> {
        self.media.check(false)?;
        let disc = self.media.disc.as_ref().ok_or(Sense::NOT_PRESENT)?;
        Ok((&self.config, disc))
    }

    /// Runs one CDB.
    fn run(&mut self, cdb: &[u8], buf: &mut [u8], out: &[u8]) -> Outcome {
        let code = wire::byte(cdb, 0);
        if !UNIT_ATTENTION_EXEMPT.contains(&code) {
            if let Some(ua) = self.media.unit_attention.take() {
                return Err(ua);
            }
        }
        match code {
            op::TEST_UNIT_READY => self.media.check(true).map(|()| Reply::Done),
            op::REQUEST_SENSE => self.request_sense(cdb, buf),
            op::INQUIRY => spc::inquiry(&self.config, cdb, buf),
            op::START_STOP_UNIT => self.start_stop_unit(cdb),
            op::PREVENT_ALLOW_MEDIUM_REMOVAL => Ok(self.prevent_allow(cdb)),
            op::RESERVE6 | op::RELEASE6 | op::RESERVE10 | op::RELEASE10 => Ok(Reply::Done),
            op::SYNCHRONIZE_CACHE => Ok(Reply::Done),
            op::MECHANISM_STATUS => Ok(self.mechanism_status(cdb, buf)),
            op::READ_CAPACITY => block::read_capacity(self.medium()?, cdb, buf),
            op::READ10 | op::READ12 => {
                let (config, disc) = self.loaded()?;
                block::read(disc, config.streaming, cdb, buf)
            }
            op::READ_CD | op::READ_CD_MSF => {
                let (config, disc) = self.loaded()?;
                readcd::read_cd(config, disc, cdb, buf)
            }
            op::READ_TOC => {
                let (config, disc) = self.loaded()?;
                toc::read_toc(config, disc, cdb, buf)
            }
            op::READ_DISC_INFORMATION => {
                let (config, disc) = self.loaded()?;
                toc::disc_information(disc, config.profile, cdb, buf)
            }
            op::READ_TRACK_INFORMATION => toc::track_information(self.medium()?, cdb, buf),
            op::GET_CONFIGURATION => {
                features::get_configuration(&self.config, self.media.ready(), cdb, buf)
            }
            op::GET_EVENT_STATUS_NOTIFICATION => {
                events::get_event_status(&mut self.media, cdb, buf)
            }
            op::MODE_SENSE6 | op::MODE_SENSE10 => self.mode_sense(cdb, buf),
            op::MODE_SELECT10 => self.mode_select(cdb, out),
            op::SET_CD_SPEED => self.set_cd_speed(cdb),
            op::SET_STREAMING => self.set_streaming(cdb, out),
            op::GET_PERFORMANCE => self.get_performance(cdb, buf),
            op::SEND_OPC_INFORMATION => self.send_opc(cdb, out),
            op::PLAY_AUDIO_MSF
            | op::PAUSE_RESUME
            | op::STOP_PLAY_SCAN
            | op::SEEK10
            | op::READ_SUB_CHANNEL
            | PLAY_AUDIO10
            | PLAY_AUDIO12 => self.audio(cdb, buf),
            _ => Err(Sense::INVALID_OPCODE),
        }
    }

    /// The audio commands: the player's, once a medium is ready.
    fn audio(&mut self, cdb: &[u8], buf: &mut [u8]) -> Outcome {
        self.media.check(false)?;
        let disc = self.media.disc.as_ref().ok_or(Sense::NOT_PRESENT)?;
        let alloc = buf.len();
        match self.player.command(disc, cdb, buf) {
            Some(Ok(0)) => Ok(Reply::Done),
            Some(Ok(n)) => {
                let written = n.min(alloc);
                Ok(Reply::DataIn { written, wanted: n })
            }
            Some(Err(sense)) => Err(sense),
            None if wire::byte(cdb, 0) == op::SEEK10 => block::seek(disc, cdb),
            None => Err(Sense::INVALID_OPCODE),
        }
    }

    /// Turns the drive's outcome into what the port reports.
    fn complete(&mut self, outcome: Outcome, buffer_len: usize) -> PortResult {
        let reply = match outcome {
            Ok(reply) => reply,
            Err(sense) => {
                self.last_sense = Some(sense);
                return PortResult::check_condition(sense.key, sense.asc, sense.ascq);
            }
        };
        self.last_sense = None;
        let (written, wanted) = match reply {
            Reply::Done => (0, 0),
            Reply::DataIn { written, wanted } => (written, wanted),
        };
        let count = u32::try_from(written).unwrap_or(u32::MAX);
        if wanted > written {
            // The drive had more to send than the buffer holds: a real
            // over-run; the port stops at the end of the buffer.
            return PortResult {
                srb_status: SrbStatus::DATA_OVERRUN,
                ..PortResult::good(count)
            };
        }
        if written < buffer_len && self.config.underrun_as_overrun {
            return PortResult {
                srb_status: SrbStatus::DATA_OVERRUN,
                ..PortResult::good(count)
            };
        }
        PortResult::good(count)
    }
}

/// PLAY AUDIO(10).
const PLAY_AUDIO10: u8 = 0x45;
/// PLAY AUDIO(12).
const PLAY_AUDIO12: u8 = 0xA5;

impl Port for SimDrive {
    fn execute(&mut self, cmd: Command<'_>) -> PortResult {
        let Command { cdb, data, .. } = cmd;
        let address = match &data {
            DataPhase::None => 0,
            DataPhase::In(b) => b.as_ptr() as usize,
            DataPhase::Out(b) => b.as_ptr() as usize,
        };
        let too_long = u32::try_from(data.len()).map_or(true, |n| n > self.config.max_transfer);
        let misaligned = !data.is_empty() && address & self.config.alignment_mask as usize != 0;
        if too_long || misaligned {
            return PortResult::srb_error(SrbStatus::INVALID_REQUEST);
        }
        let (buf, out): (&mut [u8], &[u8]) = match data {
            DataPhase::None => (&mut [], &[]),
            DataPhase::In(b) => (b, &[]),
            DataPhase::Out(b) => (&mut [], b),
        };
        let buffer_len = buf.len();
        let outcome = self.run(cdb.as_bytes(), buf, out);
        self.complete(outcome, buffer_len)
    }

    fn max_transfer_bytes(&self) -> u32 {
        self.config.max_transfer
    }

    fn alignment_mask(&self) -> u32 {
        self.config.alignment_mask
    }

    fn delay(&mut self, hundred_ns: u64) {
        self.clock_ticks = self.clock_ticks.saturating_add(hundred_ns);
        let target = self.clock_ticks.saturating_mul(FRAMES_PER_SECOND) / TICKS_PER_SECOND;
        let frames = target.saturating_sub(self.clock_frames);
        self.clock_frames = self.clock_frames.max(target);
        if let Some(disc) = self.media.ready_disc() {
            let frames = u32::try_from(frames).unwrap_or(u32::MAX);
            self.player.advance(disc, frames);
        }
    }
}
