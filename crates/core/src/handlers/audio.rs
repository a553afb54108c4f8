//! The legacy audio IOCTLs and the play state.
//!
//! Each IOCTL validates in the caller's context with the class driver's
//! statuses (short input → INFO_LENGTH_MISMATCH, short output →
//! BUFFER_TOO_SMALL with the needed size, bad sub-Q format →
//! INVALID_PARAMETER), then sends its CDBs serialised. Where the class
//! driver is wrong this module does better, and says so at the spot:
//! - MSF addresses are validated (pitfall 12): S ≥ 60, F ≥ 75, an address
//!   before 00:02:00 or a play range that ends before it starts is refused
//!   with INVALID_PARAMETER instead of being sent as a wrapped LBA.
//! - The play flag never goes stale (pitfall 13): [`refresh_play_state`]
//!   clears it when the drive cannot answer, and STOP_AUDIO asks the drive
//!   whether anything plays.
//! - SET_VOLUME sends a zeroed MODE SELECT header, reads the page with
//!   DBD = 1 and applies the changeable mask (pitfall 10); the page walk is
//!   bounded exactly (pitfall 11).

use core::sync::atomic::Ordering;

use zerocopy::{FromBytes, IntoBytes};

use crate::abi::audio::{
    AudioStatus, CdromPlayAudioMsf, CdromSeekAudioMsf, CdromSubQDataFormat, SubQFormat,
    VolumeControl,
};
use crate::device::{Ctx, Device, FileContext, Platform, SendOpts};
use crate::dispatch::{Completion, IoctlRequest};
use crate::port::{DataPhase, Port};
use crate::scsi::audio::{
    mode_select10, mode_sense10, pause_resume, play_audio_msf as play_cdb,
    read_q_channel as q_channel_cdb, seek10, stop_unit_immediate, volume_select_list, AudioOutput,
    PageControl, SubChannelAnswer, AUDIO_CONTROL_PAGE, MSF_CURRENT_POSITION, VOLUME_SELECT_LEN,
    VOLUME_SENSE_ALLOC,
};
use crate::scsi::msf::Msf;
use crate::status::NtStatus;

/// Bytes of the MODE SENSE(10) buffer of the volume IOCTLs.
const SENSE_BUF: usize = VOLUME_SENSE_ALLOC as usize;
/// Bytes of the largest Q-channel answer (format 2 and 3).
const Q_BUF: usize = 24;
/// Bytes of the current-position answer.
const POSITION_LEN: usize = 16;

/// Runs `f` serialised behind the exclusive-lock re-check; a refused lock
/// check completes with its status.
fn serialized<P: Platform>(
    dev: &Device<P>,
    file: Option<&FileContext>,
    f: impl FnOnce(&mut Ctx<'_, P::Port>) -> Completion,
) -> Completion {
    dev.run(file, true, f).unwrap_or_else(Completion::error)
}

fn set_playing<P: Port>(ctx: &Ctx<'_, P>, playing: bool) {
    ctx.shared.play_active.store(playing, Ordering::Relaxed);
}

/// A validated PLAY_AUDIO_MSF range.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct PlayRange {
    start: [u8; 3],
    end: [u8; 3],
    /// False for start == end: the drive plays nothing.
    plays: bool,
}

/// Checks a PLAY_AUDIO_MSF input. The class driver sends the bytes as they
/// come (pitfall 12); here each address must be a valid MSF at or after
/// 00:02:00 and the range must not end before it starts. The MMC start
/// address `FF:FF:FF` ("from the current position") is let through: it is a
/// defined value, not a malformed one.
fn play_range(msf: &CdromPlayAudioMsf) -> Option<PlayRange> {
    let end = Msf::from_bytes(msf.ending())?;
    end.to_lba()?;
    if msf.starting() == MSF_CURRENT_POSITION {
        return Some(PlayRange {
            start: MSF_CURRENT_POSITION,
            end: end.to_bytes(),
            plays: true,
        });
    }
    let start = Msf::from_bytes(msf.starting())?;
    start.to_lba()?;
    (end >= start).then_some(PlayRange {
        start: start.to_bytes(),
        end: end.to_bytes(),
        plays: end > start,
    })
}

/// IOCTL_CDROM_PLAY_AUDIO_MSF: PLAY AUDIO MSF (0x47); sets the play flag.
pub fn play_audio_msf<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let Ok((msf, _)) = CdromPlayAudioMsf::read_from_prefix(req.input) else {
        return NtStatus::INFO_LENGTH_MISMATCH.into();
    };
    let Some(range) = play_range(&msf) else {
        return NtStatus::INVALID_PARAMETER.into();
    };
    serialized(dev, req.file, |ctx| {
        match ctx.send(
            play_cdb(range.start, range.end),
            DataPhase::None,
            SendOpts::default(),
        ) {
            Ok(_) => {
                // An empty range plays nothing: setting the flag (as the
                // class driver does) would make reads busy for no play.
                if range.plays {
                    set_playing(ctx, true);
                }
                Completion::ok(0)
            }
            Err(e) => e.into(),
        }
    })
}

/// IOCTL_CDROM_SEEK_AUDIO_MSF: SEEK(10) to LBA = 4500·M + 75·S + F − 150.
/// An address that is not a valid MSF at or after 00:02:00 is refused with
/// INVALID_PARAMETER; the class driver would send the wrapped LBA
/// (00:00:00 → 0xFFFFFF6A, pitfall 12).
pub fn seek_audio_msf<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let Ok((msf, _)) = CdromSeekAudioMsf::read_from_prefix(req.input) else {
        return NtStatus::INFO_LENGTH_MISMATCH.into();
    };
    let Some(lba) = Msf::new(msf.m, msf.s, msf.f).and_then(Msf::to_lba) else {
        return NtStatus::INVALID_PARAMETER.into();
    };
    serialized(dev, req.file, |ctx| {
        match ctx.send(seek10(lba), DataPhase::None, SendOpts::default()) {
            Ok(_) => Completion::ok(0),
            Err(e) => e.into(),
        }
    })
}

fn pause_or_resume<P: Platform>(
    dev: &Device<P>,
    req: IoctlRequest<'_>,
    resume: bool,
) -> Completion {
    serialized(dev, req.file, |ctx| {
        match ctx.send(pause_resume(resume), DataPhase::None, SendOpts::default()) {
            Ok(_) => {
                set_playing(ctx, resume);
                Completion::ok(0)
            }
            Err(e) => e.into(),
        }
    })
}

/// IOCTL_CDROM_PAUSE_AUDIO (and IOCTL_CDROM_SIMBAD, which has the same
/// code): PAUSE/RESUME with Resume = 0; clears the play flag. Buffers are
/// ignored.
pub fn pause_audio<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    pause_or_resume(dev, req, false)
}

/// IOCTL_CDROM_RESUME_AUDIO: PAUSE/RESUME with Resume = 1; sets the play
/// flag. Buffers are ignored.
pub fn resume_audio<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    pause_or_resume(dev, req, true)
}

/// IOCTL_CDROM_STOP_AUDIO: START STOP UNIT `1B 01 00 00 00 00`; clears the
/// play flag.
///
/// The documentation says STOP without playback fails with
/// INVALID_DEVICE_REQUEST; the class driver never checks (its status comes
/// only from the drive's sense). Here the drive is asked first with READ
/// SUB-CHANNEL (current position):
/// - playing (0x11) or paused (0x12): the stop is sent;
/// - completed (0x13), error (0x14) or no status (0x15): nothing plays →
///   INVALID_DEVICE_REQUEST, no stop is sent, the flag is cleared;
/// - 0x00 "status not supported", an unknown value, or ILLEGAL REQUEST for
///   READ SUB-CHANNEL itself: the drive cannot tell, so the stop is sent as
///   the class driver would;
/// - any other failure (no medium, not ready, ...) completes with its
///   status.
pub fn stop_audio<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    serialized(dev, req.file, |ctx| {
        let Some(q_cdb) = q_channel_cdb(SubQFormat::CURRENT_POSITION, 0) else {
            return NtStatus::INVALID_PARAMETER.into();
        };
        let mut q = [0u8; POSITION_LEN];
        match ctx.send(q_cdb, DataPhase::In(&mut q), SendOpts::default()) {
            Ok(n) => {
                let status = q
                    .get(..n)
                    .and_then(SubChannelAnswer::new_checked)
                    .map(|a| a.status());
                if matches!(
                    status,
                    Some(
                        AudioStatus::PLAY_COMPLETE
                            | AudioStatus::PLAY_ERROR
                            | AudioStatus::NO_STATUS
                    )
                ) {
                    set_playing(ctx, false);
                    return NtStatus::INVALID_DEVICE_REQUEST.into();
                }
            }
            Err(e) if e.status == NtStatus::INVALID_DEVICE_REQUEST => {}
            Err(e) => return e.into(),
        }
        match ctx.send(stop_unit_immediate(), DataPhase::None, SendOpts::default()) {
            Ok(_) => {
                set_playing(ctx, false);
                Completion::ok(0)
            }
            Err(e) => e.into(),
        }
    })
}

/// IOCTL_CDROM_READ_Q_CHANNEL: READ SUB-CHANNEL of format 1 (position),
/// 2 (media catalogue number) or 3 (track ISRC).
///
/// The answer is read into a zeroed local buffer and copied unchanged (it
/// is the Windows structure); Information = the bytes received. The play
/// flag follows the answer's audio status; any failure clears it (a short
/// transfer is not forgiven and fails with DATA_OVERRUN).
pub fn read_q_channel<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let Ok((input, _)) = CdromSubQDataFormat::read_from_prefix(req.input) else {
        return NtStatus::INFO_LENGTH_MISMATCH.into();
    };
    let format = SubQFormat(input.format);
    let (Some(len), Some(cdb)) = (format.answer_len(), q_channel_cdb(format, input.track)) else {
        return NtStatus::INVALID_PARAMETER.into();
    };
    if req.output.len() < len {
        return Completion::with_info(NtStatus::BUFFER_TOO_SMALL, len);
    }
    let output = req.output;
    serialized(dev, req.file, |ctx| {
        let mut answer = [0u8; Q_BUF];
        let Some(buf) = answer.get_mut(..len) else {
            return NtStatus::INVALID_PARAMETER.into();
        };
        match ctx.send(cdb, DataPhase::In(buf), SendOpts::default()) {
            Ok(n) => {
                let received = buf.get(..n).unwrap_or(&[]);
                let playing = received
                    .get(1)
                    .is_some_and(|&s| AudioStatus(s) == AudioStatus::IN_PROGRESS);
                set_playing(ctx, playing);
                Completion::ok(ctx.copy_out(output, received))
            }
            Err(e) => {
                set_playing(ctx, false);
                e.into()
            }
        }
    })
}

/// Sends MODE SENSE(10) of page 0x0E into `buf` and finds the page.
fn sense_audio_page<P: Port>(
    ctx: &mut Ctx<'_, P>,
    dbd: bool,
    pc: PageControl,
    buf: &mut [u8; SENSE_BUF],
) -> Result<Option<AudioOutput>, Completion> {
    let cdb = mode_sense10(dbd, pc, AUDIO_CONTROL_PAGE, VOLUME_SENSE_ALLOC);
    // Under-runs count as success for MODE SENSE (the opcode's policy, and
    // the GET_VOLUME refinement of the class driver).
    let opts = SendOpts {
        overrun_ok: true,
        ..SendOpts::default()
    };
    let n = ctx
        .send(cdb, DataPhase::In(buf), opts)
        .map_err(Completion::from)?;
    Ok(buf.get(..n).and_then(AudioOutput::from_mode_sense10))
}

/// IOCTL_CDROM_GET_VOLUME: MODE SENSE(10) `5A 00 0E 00 00 00 00 00 40 00`;
/// the volumes are page bytes 9, 11, 13, 15; Information = 4. A missing
/// page, or one with fewer than 16 bytes inside the data (bounded exactly:
/// pitfall 11), fails with INVALID_DEVICE_REQUEST.
pub fn get_volume<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let len = size_of::<VolumeControl>();
    if req.output.len() < len {
        return Completion::with_info(NtStatus::BUFFER_TOO_SMALL, len);
    }
    let output = req.output;
    serialized(dev, req.file, |ctx| {
        let mut buf = [0u8; SENSE_BUF];
        let page = match sense_audio_page(ctx, false, PageControl::CURRENT, &mut buf) {
            Ok(Some(page)) => page,
            Ok(None) => return NtStatus::INVALID_DEVICE_REQUEST.into(),
            Err(c) => return c,
        };
        let volume = VolumeControl {
            port_volume: page.volumes(),
        };
        Completion::ok(ctx.copy_out(output, volume.as_bytes()))
    })
}

/// IOCTL_CDROM_SET_VOLUME.
///
/// 1. MODE SENSE(10) of page 0x0E, current values, DBD = 1:
///    `5A 08 0E 00 00 00 00 00 40 00`.
/// 2. MODE SENSE(10), changeable values (PC = 1), DBD = 1:
///    `5A 08 4E 00 00 00 00 00 40 00`. A drive that refuses PC = 1 with
///    ILLEGAL REQUEST (old ATAPI drives, QEMU) cannot tell its mask; the
///    volume bytes are then taken as changeable and the drive judges the
///    MODE SELECT.
/// 3. MODE SELECT(10) `55 10 00 00 00 00 00 00 18 00` with a zeroed 8-byte
///    header and the page ([`volume_select_list`]); Information = 0.
///
/// The class driver reads with DBD = 0, reuses the sensed header unmodified
/// and ignores the mask (pitfall 10). A drive that rejects MODE SELECT
/// (5/20/00, 5/24/00) completes with INVALID_DEVICE_REQUEST through the
/// sense table.
pub fn set_volume<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let Ok((volume, _)) = VolumeControl::read_from_prefix(req.input) else {
        return NtStatus::INFO_LENGTH_MISMATCH.into();
    };
    serialized(dev, req.file, |ctx| {
        let mut buf = [0u8; SENSE_BUF];
        let current = match sense_audio_page(ctx, true, PageControl::CURRENT, &mut buf) {
            Ok(Some(page)) => page,
            Ok(None) => return NtStatus::INVALID_DEVICE_REQUEST.into(),
            Err(c) => return c,
        };
        let mut buf = [0u8; SENSE_BUF];
        let changeable = match sense_audio_page(ctx, true, PageControl::CHANGEABLE, &mut buf) {
            Ok(Some(page)) => page,
            Ok(None) => return NtStatus::INVALID_DEVICE_REQUEST.into(),
            Err(c) if c.status == NtStatus::INVALID_DEVICE_REQUEST => {
                AudioOutput::volumes_changeable()
            }
            Err(c) => return c,
        };
        let list = volume_select_list(&current, &changeable, volume.port_volume);
        match ctx.send(
            mode_select10(VOLUME_SELECT_LEN as u16),
            DataPhase::Out(&list),
            SendOpts::default(),
        ) {
            Ok(_) => Completion::ok(0),
            Err(e) => e.into(),
        }
    })
}

/// The play state, refreshed from the drive: used by reads and the TOC
/// family before they answer STATUS_DEVICE_BUSY.
///
/// When the flag is set, READ SUB-CHANNEL (current position, 16 bytes) is
/// sent and the flag becomes "audio status == 0x11". When the command
/// fails the flag is cleared: the class driver left it set (pitfall 13),
/// so reads stayed busy after a play ended by itself or the disc left.
/// Without the flag no command is sent.
pub fn refresh_play_state<P: Port>(ctx: &mut Ctx<'_, P>) -> bool {
    if !ctx.shared.play_active.load(Ordering::Relaxed) {
        return false;
    }
    let Some(cdb) = q_channel_cdb(SubQFormat::CURRENT_POSITION, 0) else {
        set_playing(ctx, false);
        return false;
    };
    let mut q = [0u8; POSITION_LEN];
    let playing = match ctx.send(cdb, DataPhase::In(&mut q), SendOpts::default()) {
        Ok(n) => q
            .get(..n)
            .and_then(SubChannelAnswer::new_checked)
            .is_some_and(|a| a.status() == AudioStatus::IN_PROGRESS),
        Err(_) => false,
    };
    set_playing(ctx, playing);
    playing
}
