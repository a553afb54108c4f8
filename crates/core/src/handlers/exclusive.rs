//! IOCTL_CDROM_EXCLUSIVE_ACCESS and the per-request lock check.
//!
//! The lock is a small state machine over `Shared::exclusive_owner`:
//! `0` (free) ⇄ a file id (held by that file object). Transitions happen
//! only inside the serialised section: lock is a compare-exchange 0 → id
//! with the holder's name stored in the same section; unlock (explicit, or
//! at the holder's IRP_MJ_CLEANUP) clears the name and stores 0 there too.
//! The query also runs serialised, so it sees the owner and the name of the
//! same state. Everything else reads the owner with one atomic load
//! ([`may_access`]) — before any validation ([`may_issue`]), and again
//! inside [`Device::run`].
//!
//! Decisions beyond the sample:
//! - **Release at IRP_MJ_CLEANUP**, not at IRP_MJ_CLOSE (pitfall 15): the
//!   lock belongs to the handle the user closed, not to whatever kernel
//!   reference keeps the file object alive.
//! - **CDROM_NO_MEDIA_NOTIFICATIONS counts at lock time too.** The sample
//!   honours the flag only on an explicit unlock (spec §3.1), although the
//!   header describes it as a lock flag. Here a lock taken with it releases
//!   without the removal/arrival pair, explicitly or at the holder's
//!   cleanup; an explicit unlock with it also suppresses the pair, as in the
//!   sample. A holder that locked without it and goes away without
//!   unlocking (exited, crashed mid-burn) may have left the medium in any
//!   state, so its cleanup sends the pair and the file systems and the
//!   shell look at the medium again.
//! - While locked, media-change polling is suspended: `poll_media` checks
//!   the lock and sets `event_pending`, and unlock replays one poll after
//!   leaving the serialised section. The driver below may poll on its own
//!   (cdrom.sys does, under this filter on Windows); lock and release tell
//!   it through `Port::suspend_media_polling` (`media::sync_lower_polling`),
//!   so the drive stays unpolled for the whole lock, as with the class
//!   driver's own lock (spec §3.6).

use core::sync::atomic::Ordering;

use zerocopy::{FromBytes, IntoBytes};

use crate::abi::exclusive::{
    CdromExclusiveAccess, CdromExclusiveLock, CdromExclusiveLockState, ExclusiveAccessRequestType,
    CDROM_EXCLUSIVE_CALLER_LENGTH, CDROM_IN_EXCLUSIVE_MODE, CDROM_LOCK_IGNORE_VOLUME,
    CDROM_NOT_IN_EXCLUSIVE_MODE, CDROM_NO_MEDIA_NOTIFICATIONS,
};
use crate::abi::storage::{
    StoragePropertyQuery, PROPERTY_EXISTS_QUERY, PROPERTY_STANDARD_QUERY, STORAGE_ADAPTER_PROPERTY,
    STORAGE_DEVICE_PROPERTY,
};
use crate::device::{Ctx, Device, Event, FileContext, Platform, Shared};
use crate::dispatch::{Completion, IoctlRequest};
use crate::handlers::media;
use crate::ioctl::{lookup, Ioctl, IoctlCode};
use crate::port::Port;
use crate::status::NtStatus;

/// `sizeof(CDROM_EXCLUSIVE_ACCESS)`.
pub const ACCESS_LEN: usize = size_of::<CdromExclusiveAccess>();
/// `sizeof(CDROM_EXCLUSIVE_LOCK)`.
pub const LOCK_LEN: usize = size_of::<CdromExclusiveLock>();
/// `sizeof(CDROM_EXCLUSIVE_LOCK_STATE)`.
pub const LOCK_STATE_LEN: usize = size_of::<CdromExclusiveLockState>();

/// `sizeof(STORAGE_PROPERTY_QUERY)`: a non-holder's property query is read
/// only when it is at least this long.
pub const STORAGE_PROPERTY_QUERY_LEN: usize = size_of::<StoragePropertyQuery>();

/// True when no other handle holds the lock: one atomic load.
#[inline]
pub fn may_access(shared: &Shared, file: Option<&FileContext>) -> bool {
    match shared.exclusive_owner.load(Ordering::Acquire) {
        0 => true,
        owner => file.is_some_and(|f| f.id().get() == owner),
    }
}

/// The filter that runs before any validation (spec §3.5): a request from a
/// handle that does not hold another handle's lock is refused unless it is
/// on the allow-list or of a device type the lock does not guard. The code
/// is the caller's, not normalised.
pub fn may_issue(shared: &Shared, file: Option<&FileContext>, code: u32, input: &[u8]) -> bool {
    if may_access(shared, file) {
        return true;
    }
    let code = IoctlCode(code);
    if !code.is_storage_family() {
        return true;
    }
    let Some(def) = lookup(code.0) else {
        return false;
    };
    match def.id {
        Ioctl::CdromGetInquiryData
        | Ioctl::CdromExclusiveAccess
        | Ioctl::ScsiGetAddress
        | Ioctl::StorageGetHotplugInfo
        | Ioctl::StorageGetDeviceNumber
        | Ioctl::StorageGetMediaTypesEx => true,
        Ioctl::StorageQueryProperty => property_query_allowed(input),
        _ => false,
    }
}

/// A non-holder's IOCTL_STORAGE_QUERY_PROPERTY passes when it is an exists
/// query, or a standard query of the device or adapter descriptor (which
/// say nothing about the medium). The input is read only if it holds a
/// whole STORAGE_PROPERTY_QUERY.
fn property_query_allowed(input: &[u8]) -> bool {
    let Ok((query, _)) = StoragePropertyQuery::read_from_prefix(input) else {
        return false;
    };
    let StoragePropertyQuery {
        property_id,
        query_type,
        ..
    } = query;
    match query_type {
        PROPERTY_EXISTS_QUERY => true,
        PROPERTY_STANDARD_QUERY => matches!(
            property_id,
            STORAGE_DEVICE_PROPERTY | STORAGE_ADAPTER_PROPERTY
        ),
        _ => false,
    }
}

/// Characters a caller name may hold (spec §3.3).
const fn name_char_ok(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b' ' | b'.' | b',' | b':' | b';' | b'_' | b'-')
}

/// Length of a valid caller name (1–63 allowed characters before a NUL in
/// the 64 bytes), else `None`.
pub fn caller_name_len(name: &[u8; CDROM_EXCLUSIVE_CALLER_LENGTH]) -> Option<usize> {
    let len = name.iter().position(|&b| b == 0)?;
    let chars = name.get(..len)?;
    (len > 0 && chars.iter().all(|&b| name_char_ok(b))).then_some(len)
}

/// IOCTL_CDROM_EXCLUSIVE_ACCESS: validation in the caller's context (spec
/// §3.2), then query, lock or unlock serialised.
pub fn exclusive_access<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let Ok((access, _)) = CdromExclusiveAccess::read_from_prefix(req.input) else {
        return Completion::error(NtStatus::INFO_LENGTH_MISMATCH);
    };
    match access.request_type {
        ExclusiveAccessRequestType::QUERY_STATE => {
            let Some(out) = req.output.get_mut(..LOCK_STATE_LEN) else {
                return Completion::with_info(NtStatus::BUFFER_TOO_SMALL, LOCK_STATE_LEN);
            };
            dev.run(req.file, false, |ctx| query(ctx, out))
                .unwrap_or_else(Completion::error)
        }
        ExclusiveAccessRequestType::LOCK_DEVICE => {
            let Ok((lock_req, _)) = CdromExclusiveLock::read_from_prefix(req.input) else {
                return Completion::error(NtStatus::INFO_LENGTH_MISMATCH);
            };
            lock(dev, req.file, &lock_req)
        }
        ExclusiveAccessRequestType::UNLOCK_DEVICE => unlock(dev, req.file, access.flags),
        _ => Completion::error(NtStatus::INVALID_PARAMETER),
    }
}

/// The query: anyone may ask. Output zeroed, LockState and the holder's
/// name; Information 65.
fn query<P: Port>(ctx: &mut Ctx<'_, P>, out: &mut [u8]) -> Completion {
    let locked = ctx.shared.exclusive_owner.load(Ordering::Acquire) != 0;
    let state = CdromExclusiveLockState {
        lock_state: if locked {
            CDROM_IN_EXCLUSIVE_MODE
        } else {
            CDROM_NOT_IN_EXCLUSIVE_MODE
        },
        caller_name: if locked {
            ctx.state.exclusive_name
        } else {
            [0; CDROM_EXCLUSIVE_CALLER_LENGTH]
        },
    };
    let n = ctx.copy_out(out, state.as_bytes());
    Completion::ok(n)
}

/// The lock (spec §3.3, in order).
fn lock<P: Platform>(
    dev: &Device<P>,
    file: Option<&FileContext>,
    req: &CdromExclusiveLock,
) -> Completion {
    let Some(file) = file else {
        return Completion::error(NtStatus::INVALID_HANDLE);
    };
    let Some(len) = caller_name_len(&req.caller_name) else {
        return Completion::error(NtStatus::INVALID_PARAMETER);
    };
    if req.access.flags & CDROM_LOCK_IGNORE_VOLUME == 0
        && dev.shared.volume_mounted.load(Ordering::Acquire)
    {
        return Completion::error(NtStatus::INVALID_DEVICE_STATE);
    }
    let id = file.id().get();
    let quiet = req.access.flags & CDROM_NO_MEDIA_NOTIFICATIONS != 0;
    dev.run(Some(file), false, |ctx| {
        if ctx
            .shared
            .exclusive_owner
            .compare_exchange(0, id, Ordering::AcqRel, Ordering::Acquire)
            .is_err()
        {
            // Held by anyone, this handle included: locks do not nest.
            return Completion::error(NtStatus::ACCESS_DENIED);
        }
        let mut name = [0u8; CDROM_EXCLUSIVE_CALLER_LENGTH];
        if let (Some(dst), Some(src)) = (name.get_mut(..len), req.caller_name.get(..len)) {
            dst.copy_from_slice(src);
        }
        ctx.state.exclusive_name = name;
        ctx.state.exclusive_quiet = quiet;
        media::sync_lower_polling(ctx);
        ctx.notify(Event::ExclusiveLock);
        Completion::ok(0)
    })
    .unwrap_or_else(Completion::error)
}

/// The explicit unlock (spec §3.4, in order).
fn unlock<P: Platform>(dev: &Device<P>, file: Option<&FileContext>, flags: u32) -> Completion {
    let Some(file) = file else {
        return Completion::error(NtStatus::INVALID_HANDLE);
    };
    let id = file.id().get();
    let outcome = dev.run(Some(file), false, |ctx| {
        match ctx.shared.exclusive_owner.load(Ordering::Acquire) {
            0 => Err(NtStatus::INVALID_DEVICE_REQUEST),
            owner if owner != id => Err(NtStatus::INVALID_HANDLE),
            _ => {
                let notify =
                    flags & CDROM_NO_MEDIA_NOTIFICATIONS == 0 && !ctx.state.exclusive_quiet;
                Ok(release(ctx, notify))
            }
        }
    });
    match outcome {
        Ok(Ok(poll)) => {
            if poll {
                media::poll_media(dev);
            }
            Completion::ok(0)
        }
        Ok(Err(status)) | Err(status) => Completion::error(status),
    }
}

/// Releases the held lock (serialised; the caller checked the holder).
/// Returns whether a media poll must be replayed after leaving the
/// serialised section.
fn release<P: Port>(ctx: &mut Ctx<'_, P>, media_notifications: bool) -> bool {
    if media_notifications {
        ctx.notify(Event::MediaRemoval);
        ctx.notify(Event::MediaArrival);
    }
    if ctx.shared.volume_mounted.load(Ordering::Acquire) {
        ctx.shared.verify_volume.store(true, Ordering::Release);
    }
    // The holder may have changed the medium or the drive's settings.
    ctx.state.caps.stale = true;
    ctx.notify(Event::ExclusiveUnlock);
    ctx.state.exclusive_name = [0; CDROM_EXCLUSIVE_CALLER_LENGTH];
    ctx.state.exclusive_quiet = false;
    ctx.shared.exclusive_owner.store(0, Ordering::Release);
    media::sync_lower_polling(ctx);
    core::mem::take(&mut ctx.state.event_pending)
}

/// Releases the lock if `file` holds it (IRP_MJ_CLEANUP of the holder),
/// with the removal + arrival pair unless the lock was taken with
/// CDROM_NO_MEDIA_NOTIFICATIONS (see the module notes).
pub fn release_on_cleanup<P: Platform>(dev: &Device<P>, file: &FileContext) {
    let id = file.id().get();
    if dev.shared.exclusive_owner.load(Ordering::Acquire) != id {
        return;
    }
    let poll = dev
        .run(Some(file), false, |ctx| {
            ctx.shared.exclusive_owner.load(Ordering::Acquire) == id && {
                let notify = !ctx.state.exclusive_quiet;
                release(ctx, notify)
            }
        })
        .unwrap_or(false);
    if poll {
        media::poll_media(dev);
    }
}

#[cfg(test)]
mod tests {
    use core::sync::atomic::Ordering;

    use super::*;
    use crate::dispatch::Outcome;
    use crate::testing::{
        assert_script_done, completion, device, events, file, ioctl, Step, TestDevice,
    };

    const EXCLUSIVE_ACCESS: u32 = 0x0002_C05C;
    const READ_TOC: u32 = 0x0002_4000;
    const QUERY_PROPERTY: u32 = 0x002D_1400;

    fn access(request_type: u32, flags: u32) -> [u8; 8] {
        let mut b = [0u8; 8];
        b[..4].copy_from_slice(&request_type.to_le_bytes());
        b[4..].copy_from_slice(&flags.to_le_bytes());
        b
    }

    fn lock_input(flags: u32, name: &[u8]) -> [u8; 72] {
        let mut b = [0u8; 72];
        b[..8].copy_from_slice(&access(1, flags));
        b[8..8 + name.len()].copy_from_slice(name);
        b
    }

    #[track_caller]
    fn call(dev: &TestDevice, f: Option<&FileContext>, input: &[u8], out_len: usize) -> Completion {
        completion(ioctl(dev, f, EXCLUSIVE_ACCESS, input, out_len).0)
    }

    /// A device locked by file 1 under `name`.
    fn locked(name: &[u8]) -> TestDevice {
        let dev = device([]);
        assert_eq!(
            call(&dev, Some(&file(1)), &lock_input(0, name), 0),
            Completion::ok(0)
        );
        dev.platform.events.borrow_mut().clear();
        dev
    }

    // --- validation -------------------------------------------------------

    #[test]
    fn input_shorter_than_8_is_info_length_mismatch() {
        let dev = device([]);
        assert_eq!(
            call(&dev, Some(&file(1)), &access(0, 0)[..7], 65),
            Completion::error(NtStatus::INFO_LENGTH_MISMATCH)
        );
    }

    #[test]
    fn query_output_shorter_than_65_is_buffer_too_small_with_information_65() {
        let dev = device([]);
        assert_eq!(
            call(&dev, Some(&file(1)), &access(0, 0), 64),
            Completion::with_info(NtStatus::BUFFER_TOO_SMALL, 65)
        );
    }

    #[test]
    fn lock_input_shorter_than_72_is_info_length_mismatch() {
        let dev = device([]);
        assert_eq!(
            call(&dev, Some(&file(1)), &lock_input(0, b"x")[..71], 0),
            Completion::error(NtStatus::INFO_LENGTH_MISMATCH)
        );
        assert_eq!(dev.shared.exclusive_owner(), None);
    }

    #[test]
    fn unknown_request_type_is_invalid_parameter() {
        let dev = device([]);
        assert_eq!(
            call(&dev, Some(&file(1)), &access(3, 0), 65),
            Completion::error(NtStatus::INVALID_PARAMETER)
        );
    }

    #[test]
    fn lock_without_a_file_object_is_invalid_handle() {
        let dev = device([]);
        assert_eq!(
            call(&dev, None, &lock_input(0, b"tool"), 0),
            Completion::error(NtStatus::INVALID_HANDLE)
        );
    }

    #[test]
    fn empty_caller_name_is_invalid_parameter() {
        let dev = device([]);
        assert_eq!(
            call(&dev, Some(&file(1)), &lock_input(0, b""), 0),
            Completion::error(NtStatus::INVALID_PARAMETER)
        );
    }

    #[test]
    fn caller_name_without_nul_in_64_bytes_is_invalid_parameter() {
        let dev = device([]);
        assert_eq!(
            call(&dev, Some(&file(1)), &lock_input(0, &[b'a'; 64]), 0),
            Completion::error(NtStatus::INVALID_PARAMETER)
        );
        assert_eq!(dev.shared.exclusive_owner(), None);
    }

    #[test]
    fn caller_name_of_63_characters_locks() {
        let dev = device([]);
        assert_eq!(
            call(&dev, Some(&file(1)), &lock_input(0, &[b'a'; 63]), 0),
            Completion::ok(0)
        );
    }

    #[test]
    fn caller_name_with_a_slash_is_invalid_parameter() {
        let dev = device([]);
        assert_eq!(
            call(&dev, Some(&file(1)), &lock_input(0, b"C:/burn"), 0),
            Completion::error(NtStatus::INVALID_PARAMETER)
        );
    }

    #[test]
    fn every_allowed_character_is_accepted() {
        let mut name = [0u8; 64];
        let allowed = b"09AZaz .,:;_-";
        name[..allowed.len()].copy_from_slice(allowed);
        assert_eq!(caller_name_len(&name), Some(allowed.len()));
    }

    #[test]
    fn bytes_after_the_nul_are_not_checked() {
        let mut name = [0xFFu8; 64];
        name[..3].copy_from_slice(b"ok\0");
        assert_eq!(caller_name_len(&name), Some(2));
    }

    #[test]
    fn mounted_volume_without_ignore_volume_is_invalid_device_state() {
        let dev = device([]);
        dev.shared.volume_mounted.store(true, Ordering::Relaxed);
        assert_eq!(
            call(&dev, Some(&file(1)), &lock_input(0, b"burner"), 0),
            Completion::error(NtStatus::INVALID_DEVICE_STATE)
        );
        assert_eq!(dev.shared.exclusive_owner(), None);
    }

    #[test]
    fn mounted_volume_with_ignore_volume_locks() {
        let dev = device([]);
        dev.shared.volume_mounted.store(true, Ordering::Relaxed);
        assert_eq!(
            call(
                &dev,
                Some(&file(1)),
                &lock_input(CDROM_LOCK_IGNORE_VOLUME, b"burner"),
                0
            ),
            Completion::ok(0)
        );
    }

    #[test]
    fn bad_name_is_reported_before_the_lock_is_found_taken() {
        let dev = locked(b"first");
        assert_eq!(
            call(&dev, Some(&file(2)), &lock_input(0, b""), 0),
            Completion::error(NtStatus::INVALID_PARAMETER)
        );
    }

    #[test]
    fn no_file_object_is_reported_before_a_bad_name() {
        let dev = device([]);
        assert_eq!(
            call(&dev, None, &lock_input(0, b"bad/name"), 0),
            Completion::error(NtStatus::INVALID_HANDLE)
        );
    }

    #[test]
    fn bad_name_is_reported_before_a_mounted_volume() {
        let dev = device([]);
        dev.shared.volume_mounted.store(true, Ordering::Relaxed);
        assert_eq!(
            call(&dev, Some(&file(1)), &lock_input(0, b"bad/name"), 0),
            Completion::error(NtStatus::INVALID_PARAMETER)
        );
    }

    #[test]
    fn mounted_volume_is_reported_before_the_lock_is_found_taken() {
        let dev = locked(b"first");
        dev.shared.volume_mounted.store(true, Ordering::Relaxed);
        assert_eq!(
            call(&dev, Some(&file(2)), &lock_input(0, b"second"), 0),
            Completion::error(NtStatus::INVALID_DEVICE_STATE)
        );
    }

    #[test]
    fn sizes_are_checked_before_the_handle_and_the_lock_state() {
        // A short lock input from a handle-less caller while locked: the
        // length is the first thing wrong.
        let dev = locked(b"first");
        assert_eq!(
            call(&dev, None, &lock_input(0, b"x")[..71], 0),
            Completion::error(NtStatus::INFO_LENGTH_MISMATCH)
        );
        // A query with a short output from a non-holder: BUFFER_TOO_SMALL,
        // Information 65, whatever the lock state.
        assert_eq!(
            call(&dev, Some(&file(2)), &access(0, 0), 10),
            Completion::with_info(NtStatus::BUFFER_TOO_SMALL, 65)
        );
    }

    #[test]
    fn the_holder_queries_its_own_lock() {
        let dev = locked(b"mine");
        let (o, out) = ioctl(&dev, Some(&file(1)), EXCLUSIVE_ACCESS, &access(0, 0), 65);
        assert_eq!(completion(o), Completion::ok(65));
        assert_eq!(&out[..6], &[1, b'm', b'i', b'n', b'e', 0]);
        assert!(out[6..].iter().all(|&b| b == 0));
    }

    // --- lock -------------------------------------------------------------

    #[test]
    fn lock_takes_the_owner_stores_the_name_and_notifies() {
        let dev = device([]);
        let c = call(&dev, Some(&file(7)), &lock_input(0, b"Burn Tool 1.0"), 0);
        assert_eq!(c, Completion::ok(0));
        assert_eq!(dev.shared.exclusive_owner(), file(7).id().into());
        let mut want = [0u8; 64];
        want[..13].copy_from_slice(b"Burn Tool 1.0");
        assert_eq!(dev.platform.unit.borrow().state.exclusive_name, want);
        assert_eq!(events(&dev), [Event::ExclusiveLock]);
        assert_script_done(&dev);
    }

    #[test]
    fn the_holder_locking_again_is_access_denied() {
        let dev = locked(b"first");
        assert_eq!(
            call(&dev, Some(&file(1)), &lock_input(0, b"again"), 0),
            Completion::error(NtStatus::ACCESS_DENIED)
        );
        assert!(events(&dev).is_empty());
    }

    #[test]
    fn another_handle_locking_is_access_denied_and_the_name_stays() {
        let dev = locked(b"first");
        assert_eq!(
            call(&dev, Some(&file(2)), &lock_input(0, b"second"), 0),
            Completion::error(NtStatus::ACCESS_DENIED)
        );
        assert_eq!(
            &dev.platform.unit.borrow().state.exclusive_name[..6],
            b"first\0"
        );
    }

    // --- unlock -----------------------------------------------------------

    #[test]
    fn unlock_when_not_locked_is_invalid_device_request() {
        let dev = device([]);
        assert_eq!(
            call(&dev, Some(&file(1)), &access(2, 0), 0),
            Completion::error(NtStatus::INVALID_DEVICE_REQUEST)
        );
    }

    #[test]
    fn unlock_by_a_non_holder_is_invalid_handle() {
        let dev = locked(b"first");
        assert_eq!(
            call(&dev, Some(&file(2)), &access(2, 0), 0),
            Completion::error(NtStatus::INVALID_HANDLE)
        );
        assert_eq!(dev.shared.exclusive_owner(), file(1).id().into());
    }

    #[test]
    fn unlock_without_a_file_object_is_invalid_handle() {
        let dev = locked(b"first");
        assert_eq!(
            call(&dev, None, &access(2, 0), 0),
            Completion::error(NtStatus::INVALID_HANDLE)
        );
    }

    #[test]
    fn unlock_notifies_removal_arrival_then_unlock_and_frees_the_drive() {
        let dev = locked(b"first");
        assert_eq!(
            call(&dev, Some(&file(1)), &access(2, 0), 0),
            Completion::ok(0)
        );
        assert_eq!(
            events(&dev),
            [
                Event::MediaRemoval,
                Event::MediaArrival,
                Event::ExclusiveUnlock
            ]
        );
        assert_eq!(dev.shared.exclusive_owner(), None);
        let unit = dev.platform.unit.borrow();
        assert_eq!(unit.state.exclusive_name, [0; 64]);
        assert!(unit.state.caps.stale);
    }

    #[test]
    fn unlock_with_no_media_notifications_sends_only_the_unlock_event() {
        let dev = locked(b"first");
        let c = call(
            &dev,
            Some(&file(1)),
            &access(2, CDROM_NO_MEDIA_NOTIFICATIONS),
            0,
        );
        assert_eq!(c, Completion::ok(0));
        assert_eq!(events(&dev), [Event::ExclusiveUnlock]);
    }

    #[test]
    fn a_lock_taken_with_no_media_notifications_unlocks_quietly() {
        let dev = device([]);
        let c = call(
            &dev,
            Some(&file(1)),
            &lock_input(CDROM_NO_MEDIA_NOTIFICATIONS, b"quiet"),
            0,
        );
        assert_eq!(c, Completion::ok(0));
        dev.platform.events.borrow_mut().clear();
        assert_eq!(
            call(&dev, Some(&file(1)), &access(2, 0), 0),
            Completion::ok(0)
        );
        assert_eq!(events(&dev), [Event::ExclusiveUnlock]);
    }

    #[test]
    fn a_lock_taken_with_no_media_notifications_is_released_quietly_at_cleanup() {
        let dev = device([]);
        call(
            &dev,
            Some(&file(1)),
            &lock_input(CDROM_NO_MEDIA_NOTIFICATIONS, b"quiet"),
            0,
        );
        dev.platform.events.borrow_mut().clear();
        dev.cleanup(&file(1));
        assert_eq!(dev.shared.exclusive_owner(), None);
        assert_eq!(events(&dev), [Event::ExclusiveUnlock]);
    }

    #[test]
    fn the_quiet_flag_goes_with_its_lock() {
        // Locked quietly and released; the next lock, without the flag,
        // notifies at its release again.
        let dev = device([]);
        call(
            &dev,
            Some(&file(1)),
            &lock_input(CDROM_NO_MEDIA_NOTIFICATIONS, b"quiet"),
            0,
        );
        call(&dev, Some(&file(1)), &access(2, 0), 0);
        call(&dev, Some(&file(2)), &lock_input(0, b"loud"), 0);
        dev.platform.events.borrow_mut().clear();
        dev.cleanup(&file(2));
        assert_eq!(
            events(&dev),
            [
                Event::MediaRemoval,
                Event::MediaArrival,
                Event::ExclusiveUnlock
            ]
        );
    }

    #[test]
    fn unlock_with_a_mounted_volume_requires_verification() {
        let dev = locked(b"first");
        dev.shared.volume_mounted.store(true, Ordering::Relaxed);
        assert_eq!(
            call(&dev, Some(&file(1)), &access(2, 0), 0),
            Completion::ok(0)
        );
        assert!(dev.shared.verify_volume.load(Ordering::Relaxed));
    }

    #[test]
    fn unlock_without_a_mounted_volume_leaves_verify_clear() {
        let dev = locked(b"first");
        assert_eq!(
            call(&dev, Some(&file(1)), &access(2, 0), 0),
            Completion::ok(0)
        );
        assert!(!dev.shared.verify_volume.load(Ordering::Relaxed));
    }

    #[test]
    fn unlock_consumes_a_pending_media_event() {
        let dev = locked(b"first");
        dev.platform.unit.borrow_mut().state.event_pending = true;
        // The replayed poll: GESN media class, answered "no event".
        dev.platform
            .unit
            .borrow_mut()
            .port
            .steps
            .push_back(Step::short(
                &crate::scsi::media::GESN_MEDIA_POLL,
                &[0x00, 0x06, 0x04, 0x10, 0x00, 0x02, 0x00, 0x00],
            ));
        assert_eq!(
            call(&dev, Some(&file(1)), &access(2, 0), 0),
            Completion::ok(0)
        );
        assert!(!dev.platform.unit.borrow().state.event_pending);
        assert_script_done(&dev);
    }

    // --- query ------------------------------------------------------------

    #[test]
    fn query_of_a_free_drive_is_65_zero_bytes() {
        let dev = device([]);
        let (o, out) = ioctl(&dev, Some(&file(1)), EXCLUSIVE_ACCESS, &access(0, 0), 80);
        assert_eq!(completion(o), Completion::ok(65));
        assert_eq!(out[..65], [0u8; 65]);
        assert_eq!(out[65..], [0xA5u8; 15]);
    }

    #[test]
    fn query_by_a_non_holder_sees_the_state_and_the_padded_name() {
        let dev = locked(b"Ripper");
        let (o, out) = ioctl(&dev, Some(&file(2)), EXCLUSIVE_ACCESS, &access(0, 0), 65);
        assert_eq!(completion(o), Completion::ok(65));
        let mut want = [0u8; 65];
        want[0] = 1;
        want[1..7].copy_from_slice(b"Ripper");
        assert_eq!(out, want);
    }

    #[test]
    fn query_after_unlock_sees_a_free_drive() {
        let dev = locked(b"Ripper");
        assert_eq!(
            call(&dev, Some(&file(1)), &access(2, 0), 0),
            Completion::ok(0)
        );
        let (_, out) = ioctl(&dev, Some(&file(2)), EXCLUSIVE_ACCESS, &access(0, 0), 65);
        assert_eq!(out, [0u8; 65]);
    }

    // --- cleanup ----------------------------------------------------------

    #[test]
    fn cleanup_of_the_holder_releases_with_media_notifications() {
        let dev = locked(b"first");
        dev.cleanup(&file(1));
        assert_eq!(dev.shared.exclusive_owner(), None);
        assert_eq!(
            events(&dev),
            [
                Event::MediaRemoval,
                Event::MediaArrival,
                Event::ExclusiveUnlock
            ]
        );
    }

    #[test]
    fn cleanup_of_another_handle_keeps_the_lock() {
        let dev = locked(b"first");
        dev.cleanup(&file(2));
        assert_eq!(dev.shared.exclusive_owner(), file(1).id().into());
        assert!(events(&dev).is_empty());
    }

    // --- the lower driver's polling ----------------------------------------

    /// The `suspend_media_polling` calls the port saw.
    fn polling(dev: &TestDevice) -> Vec<bool> {
        dev.platform.unit.borrow().port.polling.clone()
    }

    fn lower_suspended(dev: &TestDevice) -> bool {
        dev.platform
            .unit
            .borrow()
            .state
            .media
            .lower_polling_suspended
    }

    #[test]
    fn lock_suspends_the_lower_polling_and_unlock_resumes_it() {
        let dev = device([]);
        call(&dev, Some(&file(1)), &lock_input(0, b"burner"), 0);
        assert_eq!(polling(&dev), [true]);
        assert!(lower_suspended(&dev));
        call(&dev, Some(&file(1)), &access(2, 0), 0);
        assert_eq!(polling(&dev), [true, false]);
        assert!(!lower_suspended(&dev));
    }

    #[test]
    fn cleanup_of_the_holder_resumes_the_lower_polling() {
        let dev = locked(b"burner");
        dev.cleanup(&file(2));
        assert_eq!(polling(&dev), [true]);
        dev.cleanup(&file(1));
        assert_eq!(polling(&dev), [true, false]);
    }

    #[test]
    fn refused_lock_and_unlock_requests_leave_the_lower_polling_alone() {
        let dev = locked(b"burner");
        call(&dev, Some(&file(1)), &lock_input(0, b"again"), 0);
        call(&dev, Some(&file(2)), &lock_input(0, b"thief"), 0);
        call(&dev, Some(&file(2)), &access(2, 0), 0);
        call(&dev, Some(&file(1)), &lock_input(0, b"bad/name"), 0);
        assert_eq!(polling(&dev), [true]);
        assert!(lower_suspended(&dev));
    }

    #[test]
    fn a_lower_driver_that_did_not_follow_is_asked_again_at_the_next_change() {
        let dev = device([]);
        dev.platform.unit.borrow_mut().port.refuse_polling = true;
        call(&dev, Some(&file(1)), &lock_input(0, b"burner"), 0);
        // Nothing took effect, so the unlock has nothing to resume.
        call(&dev, Some(&file(1)), &access(2, 0), 0);
        assert_eq!(polling(&dev), [true]);
        assert!(!lower_suspended(&dev));

        dev.platform.unit.borrow_mut().port.refuse_polling = false;
        call(&dev, Some(&file(1)), &lock_input(0, b"burner"), 0);
        dev.platform.unit.borrow_mut().port.refuse_polling = true;
        // The resume fails: the core still counts the lower as suspended,
        // so a new lock sends nothing and the next release resumes.
        call(&dev, Some(&file(1)), &access(2, 0), 0);
        assert!(lower_suspended(&dev));
        dev.platform.unit.borrow_mut().port.refuse_polling = false;
        call(&dev, Some(&file(2)), &lock_input(0, b"second"), 0);
        call(&dev, Some(&file(2)), &access(2, 0), 0);
        assert_eq!(polling(&dev), [true, true, false, false]);
        assert!(!lower_suspended(&dev));
    }

    // --- the filter -------------------------------------------------------

    #[test]
    fn a_non_holder_is_refused_before_validation() {
        let dev = locked(b"first");
        let (o, _) = ioctl(&dev, Some(&file(2)), READ_TOC, &[], 0);
        assert_eq!(completion(o), Completion::error(NtStatus::ACCESS_DENIED));
        assert_script_done(&dev);
    }

    #[test]
    fn a_non_holders_read_is_refused() {
        let dev = locked(b"first");
        let mut buf = [0u8; 2048];
        let o = dev.read(Some(&file(2)), 0, &mut buf);
        assert_eq!(completion(o), Completion::error(NtStatus::ACCESS_DENIED));
    }

    #[test]
    fn the_holders_read_goes_down() {
        let dev = locked(b"first");
        let mut buf = [0u8; 2048];
        assert_eq!(dev.read(Some(&file(1)), 0, &mut buf), Outcome::PassDown);
    }

    #[test]
    fn a_non_holders_write_is_refused_and_the_holders_goes_down() {
        let dev = locked(b"first");
        let data = [0u8; 2048];
        assert_eq!(
            completion(dev.write(Some(&file(2)), 0, &data)),
            Completion::error(NtStatus::ACCESS_DENIED)
        );
        assert_eq!(dev.write(Some(&file(1)), 0, &data), Outcome::PassDown);
        assert_script_done(&dev);
    }

    #[test]
    fn a_request_without_a_file_object_is_refused_while_locked() {
        let dev = locked(b"first");
        assert!(!may_issue(&dev.shared, None, READ_TOC, &[]));
    }

    #[test]
    fn the_holder_passes_the_filter() {
        let dev = locked(b"first");
        assert!(may_issue(&dev.shared, Some(&file(1)), READ_TOC, &[]));
    }

    #[test]
    fn everyone_passes_when_unlocked() {
        let dev = device([]);
        assert!(may_issue(&dev.shared, None, READ_TOC, &[]));
    }

    #[test]
    fn the_allow_list_passes() {
        let dev = locked(b"first");
        let f = file(2);
        for code in [
            0x0002_4064, // CDROM_GET_INQUIRY_DATA
            0x0002_C05C, // CDROM_EXCLUSIVE_ACCESS
            0x0004_1018, // SCSI_GET_ADDRESS
            0x002D_0C14, // STORAGE_GET_HOTPLUG_INFO
            0x002D_1080, // STORAGE_GET_DEVICE_NUMBER
            0x002D_0C04, // STORAGE_GET_MEDIA_TYPES_EX
        ] {
            assert!(may_issue(&dev.shared, Some(&f), code, &[]), "{code:#x}");
        }
    }

    #[test]
    fn guarded_device_types_are_refused() {
        let dev = locked(b"first");
        let f = file(2);
        for code in [
            0x0002_403E, // CDROM_RAW_READ
            0x0002_4800, // CDROM_CHECK_VERIFY
            0x002D_4808, // STORAGE_EJECT_MEDIA
            0x0004_D004, // SCSI_PASS_THROUGH
            0x0007_405C, // DISK_GET_LENGTH_INFO
            0x0033_5004, // DVD_READ_KEY (not in the table)
            0x002D_1C90, // STORAGE_EVENT_NOTIFICATION
        ] {
            assert!(!may_issue(&dev.shared, Some(&f), code, &[]), "{code:#x}");
        }
    }

    #[test]
    fn other_device_types_pass() {
        let dev = locked(b"first");
        let f = file(2);
        for code in [0x004D_0000, 0x0056_0000, 0x0032_C004] {
            assert!(may_issue(&dev.shared, Some(&f), code, &[]), "{code:#x}");
        }
    }

    fn property_query(property_id: u32, query_type: u32) -> [u8; 12] {
        let mut b = [0u8; 12];
        b[..4].copy_from_slice(&property_id.to_le_bytes());
        b[4..8].copy_from_slice(&query_type.to_le_bytes());
        b
    }

    #[test]
    fn property_exists_queries_pass() {
        let dev = locked(b"first");
        let q = property_query(6, 1);
        assert!(may_issue(&dev.shared, Some(&file(2)), QUERY_PROPERTY, &q));
    }

    #[test]
    fn standard_device_and_adapter_queries_pass() {
        let dev = locked(b"first");
        assert!(may_issue(
            &dev.shared,
            Some(&file(2)),
            QUERY_PROPERTY,
            &property_query(0, 0)
        ));
        assert!(may_issue(
            &dev.shared,
            Some(&file(2)),
            QUERY_PROPERTY,
            &property_query(1, 0)
        ));
    }

    #[test]
    fn other_property_queries_are_refused() {
        let dev = locked(b"first");
        assert!(!may_issue(
            &dev.shared,
            Some(&file(2)),
            QUERY_PROPERTY,
            &property_query(3, 0)
        ));
        assert!(!may_issue(
            &dev.shared,
            Some(&file(2)),
            QUERY_PROPERTY,
            &property_query(0, 2)
        ));
    }

    #[test]
    fn a_short_property_query_is_refused_unread() {
        let dev = locked(b"first");
        let q = property_query(0, 0);
        assert!(!may_issue(
            &dev.shared,
            Some(&file(2)),
            QUERY_PROPERTY,
            &q[..11]
        ));
    }

    #[test]
    fn the_allow_list_matches_the_tables_lock_exempt_column() {
        let dev = locked(b"first");
        let f = file(2);
        let q = property_query(0, 0);
        for d in crate::ioctl::TABLE {
            assert_eq!(
                may_issue(&dev.shared, Some(&f), d.code, &q),
                d.lock_exempt || !d.code().is_storage_family(),
                "{}",
                d.name
            );
        }
    }
}
