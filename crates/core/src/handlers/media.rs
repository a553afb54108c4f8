//! Media IOCTLs: check-verify, eject/load, removal locks, reserve/release,
//! media types, MCN control; the per-handle release at cleanup; and the
//! media-change poll (spec/ioctls.md §2.11–2.14, rawread-exclusive-audio.md
//! §3.6–3.7).
//!
//! Removal locks. The device keeps two counts in [`UnitState`]
//! (`lock_count` for MEDIA_REMOVAL, `protected_lock_count` for
//! EJECTION_CONTROL) and each handle its own (`FileContext::removal_locks`,
//! `secure_locks`). PREVENT ALLOW MEDIUM REMOVAL is sent only when "any lock
//! held" flips, and the new counts are stored only once that command
//! succeeded.
//!
//! Deviation from the class driver: it tracks simple locks only device-wide,
//! so a handle that locks and then closes leaves the tray locked until the
//! next reboot. Here simple locks are counted per handle too and released
//! at cleanup with the secure ones ([`release_handle`]). Consequently a
//! handle can only release simple locks it took: unlocking a handle whose
//! own count is 0 is the same silent success as the class driver's unlock
//! at a device count of 0. Requests without a file object (kernel callers)
//! keep the class driver's device-wide rule.
//!
//! [`UnitState`]: crate::device::UnitState

use core::sync::atomic::Ordering;

use zerocopy::IntoBytes;

use crate::abi::storage::{
    DeviceMediaInfo, GetMediaTypes, StorageMediaType, FILE_DEVICE_CD_ROM, FILE_DEVICE_DVD,
    MEDIA_CURRENTLY_MOUNTED, MEDIA_READ_ONLY, MEDIA_READ_WRITE,
};
use crate::device::{Capacity, CmdError, Ctx, Device, Event, FileContext, Platform, SendOpts};
use crate::dispatch::{Completion, IoctlRequest};
use crate::handlers::exclusive::may_access;
use crate::ioctl::{Access, IoctlCode};
use crate::port::{Cdb, DataPhase, Port};
use crate::scsi::media::{
    dvd_profile, prevent_allow, reserve_release10, reserve_release6, start_stop_unit,
    writable_profile, GesnMedia, MediaEvent, GESN_MEDIA_LEN, GESN_MEDIA_POLL, TEST_UNIT_READY,
    TEST_UNIT_READY_TIMEOUT_SECS,
};
use crate::status::NtStatus;

/// Device state of the media family, kept in the serialised unit state.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct MediaState {
    /// Media-change notification disables, all handles plus kernel callers;
    /// polling is off while non-zero.
    pub mcn_disable_count: u32,
    /// Disables by requests without a file object (the class driver's
    /// kernel-mode MCN context).
    pub kernel_mcn_disables: u32,
    /// RESERVE/RELEASE use the 10-byte forms (the drive refused RESERVE(6)
    /// or RELEASE(6) as an illegal request).
    pub reserve_uses_10: bool,
    /// Device-wide "no streaming": a streaming READ(12)/WRITE(12) failed in
    /// a way that shows the drive cannot stream (§2.7).
    pub streaming_refused: bool,
    /// Medium presence as the last poll saw it; `None` before the first.
    pub present: Option<bool>,
    /// GET EVENT STATUS NOTIFICATION does not report media events: poll
    /// with TEST UNIT READY.
    pub gesn_unsupported: bool,
    /// The lower driver's own media-change polling is suspended (see
    /// [`sync_lower_polling`]).
    pub lower_polling_suspended: bool,
    /// Media-change count when a non-persistent SET STREAMING armed
    /// `restore_speed_on_change`; a different count means the medium
    /// changed since.
    pub restore_speed_baseline: u32,
}

impl MediaState {
    /// State of a device nobody has touched yet.
    pub const fn new() -> Self {
        Self {
            mcn_disable_count: 0,
            kernel_mcn_disables: 0,
            reserve_uses_10: false,
            streaming_refused: false,
            present: None,
            gesn_unsupported: false,
            lower_polling_suspended: false,
            restore_speed_baseline: 0,
        }
    }
}

impl Default for MediaState {
    fn default() -> Self {
        Self::new()
    }
}

/// Runs `f` serialised after the exclusive-lock re-check and flattens the
/// lock refusal into a completion.
pub(crate) fn serialized<P: Platform>(
    dev: &Device<P>,
    file: Option<&FileContext>,
    f: impl FnOnce(&mut Ctx<'_, P::Port>) -> Completion,
) -> Completion {
    dev.run(file, true, f).unwrap_or_else(Completion::error)
}

/// The PREVENT_MEDIA_REMOVAL input (1 byte; any non-zero value locks).
fn prevent_input(input: &[u8]) -> Result<bool, NtStatus> {
    input
        .first()
        .map(|&b| b != 0)
        .ok_or(NtStatus::INFO_LENGTH_MISMATCH)
}

/// TEST UNIT READY, 20 s.
fn test_unit_ready<P: Port>(ctx: &mut Ctx<'_, P>) -> Result<(), CmdError> {
    ctx.send(
        Cdb::six(TEST_UNIT_READY),
        DataPhase::None,
        SendOpts {
            timeout_secs: Some(TEST_UNIT_READY_TIMEOUT_SECS),
            ..SendOpts::default()
        },
    )
    .map(|_| ())
}

/// Everything cached about the medium is void: the play state (a tray
/// that moved is not playing), the capacity and the capabilities.
fn forget_medium<P: Port>(ctx: &mut Ctx<'_, P>) {
    ctx.shared.play_active.store(false, Ordering::Relaxed);
    ctx.state.capacity = None;
    ctx.state.caps.stale = true;
}

/// A medium change the driver itself observed (poll): the media-change
/// count moves and the caches go.
fn medium_changed<P: Port>(ctx: &mut Ctx<'_, P>) {
    ctx.shared
        .media_change_count
        .fetch_add(1, Ordering::Relaxed);
    forget_medium(ctx);
}

/// IOCTL_STORAGE_CHECK_VERIFY, CHECK_VERIFY2 and the CDROM/DISK aliases
/// (§2.11): TEST UNIT READY; the READ-access codes return the media-change
/// count when the output holds a ULONG.
pub fn check_verify<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    const COUNT_LEN: usize = size_of::<u32>();
    let out = req.output;
    // A 0-byte output is accepted (legacy callers); 1..3 bytes cannot hold
    // the count.
    if (1..COUNT_LEN).contains(&out.len()) {
        return Completion::with_info(NtStatus::BUFFER_TOO_SMALL, COUNT_LEN);
    }
    // CHECK_VERIFY2 (FILE_ANY_ACCESS) never returns the count.
    let returns_count = IoctlCode(req.code).access() == Access::Read && out.len() >= COUNT_LEN;
    serialized(dev, req.file, |ctx| {
        if let Err(e) = test_unit_ready(ctx) {
            return e.into();
        }
        if !returns_count {
            return Completion::ok(0);
        }
        let count = ctx.shared.media_change_count.load(Ordering::Relaxed);
        Completion::ok(ctx.copy_out(out, &count.to_le_bytes()))
    })
}

/// PREVENT (`prevent`) or ALLOW when "any lock held" flips between the
/// current counts and `simple` + `secure`, then stores the new counts. On a
/// failed command nothing is stored.
fn set_lock_counts<P: Port>(
    ctx: &mut Ctx<'_, P>,
    simple: u32,
    secure: u32,
) -> Result<(), CmdError> {
    let held = ctx.state.lock_count != 0 || ctx.state.protected_lock_count != 0;
    let will_hold = simple != 0 || secure != 0;
    if held != will_hold {
        // §3.6: an unlock may be retried up to 4 times, a lock only twice
        // (the opcode's default policy). The class driver also forces
        // retries of an unlock whatever the sense said; a drive that
        // answers ILLEGAL REQUEST once answers it again, so only errors the
        // sense table calls retryable are retried here.
        let opts = SendOpts {
            max_retries: (!will_hold).then_some(4),
            ..SendOpts::default()
        };
        ctx.send(Cdb::six(prevent_allow(will_hold)), DataPhase::None, opts)?;
    }
    ctx.state.lock_count = simple;
    ctx.state.protected_lock_count = secure;
    Ok(())
}

/// IOCTL_STORAGE_MEDIA_REMOVAL (simple lock, §2.13).
pub fn media_removal<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let prevent = match prevent_input(req.input) {
        Ok(p) => p,
        Err(s) => return s.into(),
    };
    serialized(dev, req.file, |ctx| {
        let simple = ctx.state.lock_count;
        let secure = ctx.state.protected_lock_count;
        let file = ctx.file;
        let own = file.map(|f| f.removal_locks.load(Ordering::Relaxed));
        let new_simple = if prevent {
            let Some(n) = simple.checked_add(1) else {
                return NtStatus::INVALID_DEVICE_STATE.into();
            };
            n
        } else {
            // A handle releases only what it holds; a kernel caller
            // releases a device-wide lock. Nothing to release: silent
            // success, like the class driver's unlock at 0.
            match (own, file) {
                (Some(0), _) => return Completion::ok(0),
                // A kernel caller already released the device-wide count:
                // the handle's own lock goes without a command.
                (Some(_), Some(f)) if simple == 0 => {
                    f.removal_locks.fetch_sub(1, Ordering::Relaxed);
                    return Completion::ok(0);
                }
                _ if simple == 0 => return Completion::ok(0),
                _ => simple - 1,
            }
        };
        if let Err(e) = set_lock_counts(ctx, new_simple, secure) {
            return e.into();
        }
        if let Some(f) = file {
            if prevent {
                f.removal_locks.fetch_add(1, Ordering::Relaxed);
            } else {
                f.removal_locks.fetch_sub(1, Ordering::Relaxed);
            }
        }
        Completion::ok(0)
    })
}

/// IOCTL_STORAGE_EJECTION_CONTROL (secure lock, §2.13): needs a handle; an
/// unlock without a matching lock is STATUS_INVALID_DEVICE_STATE.
pub fn ejection_control<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let prevent = match prevent_input(req.input) {
        Ok(p) => p,
        Err(s) => return s.into(),
    };
    serialized(dev, req.file, |ctx| {
        let Some(file) = ctx.file else {
            return NtStatus::INVALID_HANDLE.into();
        };
        let simple = ctx.state.lock_count;
        let secure = ctx.state.protected_lock_count;
        let own = file.secure_locks.load(Ordering::Relaxed);
        let new_secure = if prevent {
            match (secure.checked_add(1), own.checked_add(1)) {
                (Some(n), Some(_)) => n,
                _ => return NtStatus::INVALID_DEVICE_STATE.into(),
            }
        } else {
            if own == 0 || secure == 0 {
                return NtStatus::INVALID_DEVICE_STATE.into();
            }
            secure - 1
        };
        if let Err(e) = set_lock_counts(ctx, simple, new_secure) {
            return e.into();
        }
        if prevent {
            file.secure_locks.fetch_add(1, Ordering::Relaxed);
        } else {
            file.secure_locks.fetch_sub(1, Ordering::Relaxed);
        }
        Completion::ok(0)
    })
}

/// START STOP UNIT with LoEj (§2.12); refused while a secure lock is held.
fn load_or_eject<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>, load: bool) -> Completion {
    serialized(dev, req.file, |ctx| {
        // Secure locks block the command here; simple locks are left to
        // the drive, which refuses with 5/53/02 (INVALID_DEVICE_REQUEST).
        if ctx.state.protected_lock_count != 0 {
            return NtStatus::DEVICE_BUSY.into();
        }
        match ctx.send(
            Cdb::six(start_stop_unit(load)),
            DataPhase::None,
            SendOpts::default(),
        ) {
            Ok(_) => {
                forget_medium(ctx);
                Completion::ok(0)
            }
            Err(e) => e.into(),
        }
    })
}

/// IOCTL_STORAGE_EJECT_MEDIA and the CDROM alias.
pub fn eject_media<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    load_or_eject(dev, req, false)
}

/// IOCTL_STORAGE_LOAD_MEDIA, LOAD_MEDIA2 and the CDROM alias (closing the
/// tray: Windows has no separate close-door code).
pub fn load_media<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    load_or_eject(dev, req, true)
}

/// RESERVE or RELEASE: the 6-byte form until the drive refuses it as an
/// illegal request, then (remembered) the 10-byte form. No validation,
/// Information 0.
fn reserve_or_release<P: Platform>(
    dev: &Device<P>,
    req: IoctlRequest<'_>,
    reserve: bool,
) -> Completion {
    serialized(dev, req.file, |ctx| {
        if !ctx.state.media.reserve_uses_10 {
            match ctx.send(
                Cdb::six(reserve_release6(reserve)),
                DataPhase::None,
                SendOpts::default(),
            ) {
                Ok(_) => return Completion::ok(0),
                Err(e) if e.status == NtStatus::INVALID_DEVICE_REQUEST => {
                    ctx.state.media.reserve_uses_10 = true;
                }
                Err(e) => return e.into(),
            }
        }
        match ctx.send(
            Cdb::ten(reserve_release10(reserve)),
            DataPhase::None,
            SendOpts::default(),
        ) {
            Ok(_) => Completion::ok(0),
            Err(e) => e.into(),
        }
    })
}

/// IOCTL_STORAGE_RESERVE and the CDROM alias.
pub fn reserve<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    reserve_or_release(dev, req, true)
}

/// IOCTL_STORAGE_RELEASE and the CDROM alias.
pub fn release<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    reserve_or_release(dev, req, false)
}

/// One media-types entry with the cached geometry: 64 tracks per cylinder,
/// 32 sectors per track, cylinders = blocks / 2048; zero cylinders and
/// bytes per sector before a READ CAPACITY succeeded (§2.10).
fn media_info(
    capacity: Option<Capacity>,
    media_type: StorageMediaType,
    flags: u32,
) -> DeviceMediaInfo {
    let (cylinders, bytes_per_sector) = capacity.map_or((0, 0), |c| {
        ((i64::from(c.last_lba) + 1) / 2048, c.block_len)
    });
    DeviceMediaInfo {
        cylinders,
        media_type: media_type.0,
        tracks_per_cylinder: 64,
        sectors_per_track: 32,
        bytes_per_sector,
        number_media_sides: 1,
        media_characteristics: flags,
    }
}

/// IOCTL_STORAGE_GET_MEDIA_TYPES_EX (§2.14): a read-only CD entry, plus a
/// read/write removable entry on MMC drives; the mounted flag from one TEST
/// UNIT READY. Information is always the needed size, and the answer is
/// always success once the buffer is large enough.
///
/// The device type is DVD when the current profile is a DVD/BD/HD DVD one:
/// the probe records the current profile only, so a DVD drive holding a CD
/// (or nothing) reports CD-ROM. Writable means a recordable or rewritable
/// profile.
pub fn get_media_types_ex<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    const BASE: usize = size_of::<GetMediaTypes>();
    const ENTRY: usize = size_of::<DeviceMediaInfo>();
    let out = req.output;
    // Allowed under another handle's exclusive lock: the lock is checked
    // below to skip the TEST UNIT READY instead.
    let run = dev.run(req.file, false, |ctx| {
        let mmc = ctx.state.caps.mmc;
        let needed = if mmc { BASE + ENTRY } else { BASE };
        if out.len() < needed {
            return Completion::with_info(NtStatus::BUFFER_TOO_SMALL, needed);
        }
        let profile = ctx.state.caps.current_profile;
        let capacity = ctx.state.capacity;
        let mut head = GetMediaTypes {
            device_type: if dvd_profile(profile) {
                FILE_DEVICE_DVD
            } else {
                FILE_DEVICE_CD_ROM
            },
            media_info_count: if mmc { 2 } else { 1 },
            media_info: [media_info(
                capacity,
                StorageMediaType::CD_ROM,
                MEDIA_READ_ONLY,
            )],
        };
        let mut removable = media_info(
            capacity,
            StorageMediaType::REMOVABLE_MEDIA,
            MEDIA_READ_WRITE,
        );
        if may_access(ctx.shared, ctx.file) && test_unit_ready(ctx).is_ok() {
            if mmc && writable_profile(profile) {
                removable.media_characteristics |= MEDIA_CURRENTLY_MOUNTED;
            } else {
                head.media_info[0].media_characteristics |= MEDIA_CURRENTLY_MOUNTED;
            }
        }
        let mut answer = [0u8; BASE + ENTRY];
        let (first, second) = answer.split_at_mut(BASE);
        first.copy_from_slice(head.as_bytes());
        second.copy_from_slice(removable.as_bytes());
        let n = ctx.copy_out(out, answer.get(..needed).unwrap_or(&[]));
        Completion::ok(n)
    });
    run.unwrap_or_else(Completion::error)
}

/// IOCTL_STORAGE_MCN_CONTROL: per-handle disable count of media-change
/// polling; no CDB. Re-enabling more often than disabled is
/// STATUS_INVALID_DEVICE_STATE.
pub fn mcn_control<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let disable = match prevent_input(req.input) {
        Ok(p) => p,
        Err(s) => return s.into(),
    };
    serialized(dev, req.file, |ctx| {
        let m = &mut ctx.state.media;
        let own = ctx.file.map_or(m.kernel_mcn_disables, |f| {
            f.mcn_disables.load(Ordering::Relaxed)
        });
        if disable {
            let (Some(total), Some(mine)) =
                (m.mcn_disable_count.checked_add(1), own.checked_add(1))
            else {
                return NtStatus::INVALID_DEVICE_STATE.into();
            };
            m.mcn_disable_count = total;
            match ctx.file {
                Some(f) => f.mcn_disables.store(mine, Ordering::Relaxed),
                None => m.kernel_mcn_disables = mine,
            }
        } else {
            if own == 0 {
                return NtStatus::INVALID_DEVICE_STATE.into();
            }
            m.mcn_disable_count = m.mcn_disable_count.saturating_sub(1);
            match ctx.file {
                Some(f) => f.mcn_disables.store(own - 1, Ordering::Relaxed),
                None => m.kernel_mcn_disables = own - 1,
            }
        }
        sync_lower_polling(ctx);
        Completion::ok(0)
    })
}

/// IRP_MJ_CLEANUP of `file`: drops the simple and secure removal locks the
/// handle holds (ALLOW MEDIUM REMOVAL when the device totals reach 0) and
/// its MCN disables. Runs even while another handle holds the exclusive
/// lock: releasing is never refused.
///
/// The handle's counts go whatever the ALLOW answers: the handle is gone,
/// so its locks are too. (The class driver does this at IRP_MJ_CLOSE and
/// only for secure locks; see the module documentation.)
pub fn release_handle<P: Platform>(dev: &Device<P>, file: &FileContext) {
    let _ = dev.run(Some(file), false, |ctx| {
        let simple = file.removal_locks.swap(0, Ordering::Relaxed);
        let secure = file.secure_locks.swap(0, Ordering::Relaxed);
        let mcn = file.mcn_disables.swap(0, Ordering::Relaxed);
        let m = &mut ctx.state.media;
        m.mcn_disable_count = m.mcn_disable_count.saturating_sub(mcn);
        sync_lower_polling(ctx);
        if simple == 0 && secure == 0 {
            return;
        }
        let new_simple = ctx.state.lock_count.saturating_sub(simple);
        let new_secure = ctx.state.protected_lock_count.saturating_sub(secure);
        if set_lock_counts(ctx, new_simple, new_secure).is_err() {
            ctx.state.lock_count = new_simple;
            ctx.state.protected_lock_count = new_secure;
        }
    });
}

/// Brings the lower driver's own media-change polling (cdrom.sys' on
/// Windows, see [`Port::suspend_media_polling`]) in line with this
/// driver's: suspended while a handle holds the exclusive lock or any MCN
/// disable is outstanding — exactly when [`poll_media_in`] sends nothing —
/// and running otherwise. Called after every change of either; a port that
/// could not follow is asked again at the next change.
pub fn sync_lower_polling<P: Port>(ctx: &mut Ctx<'_, P>) {
    let quiet = ctx.shared.exclusive_owner.load(Ordering::Acquire) != 0
        || ctx.state.media.mcn_disable_count != 0;
    if quiet != ctx.state.media.lower_polling_suspended && ctx.port.suspend_media_polling(quiet) {
        ctx.state.media.lower_polling_suspended = quiet;
    }
}

/// One media-change poll (the host's tests and tools; on Windows the
/// polling is cdrom.sys', kept in step by [`sync_lower_polling`]).
///
/// - While another handle holds the exclusive lock the poll is suspended:
///   it records `event_pending` (the unlock replays a poll) and sends
///   nothing, so no notification escapes during the lock.
/// - While any handle (or kernel caller) disabled MCN, nothing is sent.
/// - Otherwise GET EVENT STATUS NOTIFICATION (media class, polled), or TEST
///   UNIT READY once the drive showed it does not report media events. A
///   new medium or a removal notifies the system, moves the media-change
///   count and voids the caches.
/// - Then a pending "restore default speed" (non-persistent SET STREAMING)
///   is sent if the medium changed since it was armed.
pub fn poll_media<P: Platform>(dev: &Device<P>) {
    let _ = dev.run(None, false, poll_media_in);
}

/// [`poll_media`] for a caller already inside the serialised section (the
/// exclusive lock's unlock replaying a pending event after clearing the
/// owner): calling [`poll_media`] there would serialise twice.
pub fn poll_media_in<P: Port>(ctx: &mut Ctx<'_, P>) {
    if ctx.shared.exclusive_owner.load(Ordering::Acquire) != 0 {
        ctx.state.event_pending = true;
        return;
    }
    if ctx.state.media.mcn_disable_count != 0 {
        return;
    }
    // This poll is the one a pending event asked for.
    ctx.state.event_pending = false;
    if ctx.state.media.gesn_unsupported {
        poll_with_tur(ctx);
    } else {
        poll_with_gesn(ctx);
    }
    super::speed::restore_speed_after_change(ctx);
}

fn poll_with_gesn<P: Port>(ctx: &mut Ctx<'_, P>) {
    let mut answer = [0u8; GESN_MEDIA_LEN];
    // A header without a descriptor is a normal short answer.
    let opts = SendOpts {
        overrun_ok: true,
        ..SendOpts::default()
    };
    let parsed = match ctx.send(Cdb::ten(GESN_MEDIA_POLL), DataPhase::In(&mut answer), opts) {
        Ok(n) => GesnMedia::parse(answer.get(..n).unwrap_or(&[])),
        Err(e) if e.status == NtStatus::INVALID_DEVICE_REQUEST => GesnMedia::Unsupported,
        Err(_) => return,
    };
    match parsed {
        GesnMedia::Unsupported => {
            ctx.state.media.gesn_unsupported = true;
            poll_with_tur(ctx);
        }
        GesnMedia::NoEvent => {}
        GesnMedia::Event { event, .. } => media_event(ctx, event),
    }
}

/// Acts on a GESN media event the way the class driver does: a new or
/// changed medium flags a mounted volume for verification.
fn media_event<P: Port>(ctx: &mut Ctx<'_, P>, event: MediaEvent) {
    match event {
        MediaEvent::NEW_MEDIA | MediaEvent::MEDIA_CHANGED => {
            if ctx.shared.volume_mounted.load(Ordering::Relaxed) {
                ctx.shared.verify_volume.store(true, Ordering::Relaxed);
            }
            medium_changed(ctx);
            ctx.state.media.present = Some(true);
            ctx.notify(Event::MediaArrival);
        }
        MediaEvent::MEDIA_REMOVAL => {
            medium_changed(ctx);
            ctx.state.media.present = Some(false);
            ctx.notify(Event::MediaRemoval);
        }
        MediaEvent::EJECT_REQUEST => ctx.notify(Event::EjectRequest),
        _ => {}
    }
}

/// TEST UNIT READY polling: a transition between "no medium" and "ready"
/// is the event. The first answer only sets the baseline; answers that say
/// neither (becoming ready, errors) change nothing.
fn poll_with_tur<P: Port>(ctx: &mut Ctx<'_, P>) {
    let present = match test_unit_ready(ctx) {
        Ok(()) => true,
        Err(e) if e.status == NtStatus::NO_MEDIA_IN_DEVICE => false,
        Err(_) => return,
    };
    match ctx.state.media.present.replace(present) {
        Some(false) if present => {
            medium_changed(ctx);
            ctx.notify(Event::MediaArrival);
        }
        Some(true) if !present => {
            medium_changed(ctx);
            ctx.notify(Event::MediaRemoval);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;
