//! The entry points: one per IRP major function the filter handles.
//!
//! Request flow for IRP_MJ_DEVICE_CONTROL ([`Device::device_control`]):
//! 1. the exclusive-lock filter on the raw code (one atomic load when the
//!    device is not locked) — before any validation, like the class driver;
//! 2. normalisation of the code and the table look-up;
//! 3. pass-down / refusal per the table, or the family handler, which
//!    validates in the caller's context and then runs serialised.

use crate::device::{Device, FileContext, Platform};
use crate::handlers::{self, audio, exclusive, info, media, rawread, rw, speed, toc};
use crate::ioctl::{lookup, Handling, Ioctl, IoctlCode};
use crate::status::NtStatus;

/// How a request completes: status and `IoStatus.Information`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Completion {
    /// Completion status.
    pub status: NtStatus,
    /// `IoStatus.Information`: bytes returned (or needed, for some errors).
    pub information: usize,
}

impl Completion {
    /// Success with `information` bytes.
    pub const fn ok(information: usize) -> Self {
        Self {
            status: NtStatus::SUCCESS,
            information,
        }
    }

    /// Failure with Information 0.
    pub const fn error(status: NtStatus) -> Self {
        Self {
            status,
            information: 0,
        }
    }

    /// Any status with an explicit Information (e.g. BUFFER_TOO_SMALL with
    /// the needed size, BUFFER_OVERFLOW with the bytes delivered).
    pub const fn with_info(status: NtStatus, information: usize) -> Self {
        Self {
            status,
            information,
        }
    }
}

impl From<NtStatus> for Completion {
    fn from(status: NtStatus) -> Self {
        Self::error(status)
    }
}

impl From<crate::device::CmdError> for Completion {
    fn from(e: crate::device::CmdError) -> Self {
        Self::error(e.status)
    }
}

/// What the glue must do with a request.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Outcome {
    /// Complete it with this status and Information.
    Complete(Completion),
    /// Forward it unchanged to the lower driver.
    PassDown,
}

/// One IRP_MJ_DEVICE_CONTROL request.
///
/// For METHOD_BUFFERED the I/O manager gives input and output one system
/// buffer; the glue copies the input out first, so the two slices never
/// alias. For METHOD_OUT_DIRECT (`RAW_READ`) `output` is the caller's buffer
/// described by the request's MDL.
#[derive(Debug)]
pub struct IoctlRequest<'a> {
    /// The code as the caller sent it (not normalised).
    pub code: u32,
    /// Input bytes (`InputBufferLength` of them).
    pub input: &'a [u8],
    /// Output buffer (`OutputBufferLength` bytes).
    pub output: &'a mut [u8],
    /// The handle's file-object context, if the request has one.
    pub file: Option<&'a FileContext>,
    /// The pointer width of the sending process (`WdfRequestIsFrom32BitProcess`):
    /// the layout of the one input structure with pointers the filter
    /// reads, GET_CONFIGURATION_IOCTL_INPUT, depends on it.
    pub caller: CallerWidth,
}

/// The pointer width of the process that sent an IOCTL.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum CallerWidth {
    /// A native 64-bit process.
    #[default]
    Bits64,
    /// A 32-bit process under WOW64 (or any caller on a 32-bit system).
    Bits32,
}

impl<P: Platform> Device<P> {
    /// Start-up: caches INQUIRY and probes capacity and capabilities.
    pub fn start(&mut self) -> Result<(), NtStatus> {
        info::cache_inquiry(self)?;
        self.run(None, false, handlers::probe::probe_capabilities)?;
        Ok(())
    }

    /// IRP_MJ_DEVICE_CONTROL.
    pub fn device_control(&self, req: IoctlRequest<'_>) -> Outcome {
        // Lock free: one inlined atomic load. Held: the allow-list decides.
        if !self.shared.exclusive_free()
            && !exclusive::may_issue(&self.shared, req.file, req.code, req.input)
        {
            return Outcome::Complete(Completion::error(NtStatus::ACCESS_DENIED));
        }
        let Some(def) = lookup(IoctlCode(req.code).normalized().0) else {
            return Outcome::PassDown;
        };
        match def.handling {
            Handling::PassDown => Outcome::PassDown,
            Handling::Refused(status) => Outcome::Complete(Completion::error(status)),
            Handling::Translated(_) | Handling::Local => {
                Outcome::Complete(self.handle(def.id, req))
            }
        }
    }

    /// Whether [`Device::device_control`] passes a request with this code
    /// down without looking at its buffers: the exclusive lock is free and
    /// the table passes the code down or has no row for it.
    ///
    /// The glue can ask first and forward such a request before it maps or
    /// copies anything. Otherwise a METHOD_BUFFERED request has its input
    /// copied out of the system buffer before the core sees it — for a large
    /// input (IOCTL_SCSI_PASS_THROUGH with its data-out bytes) a pool
    /// allocation and a copy per request, only to be passed down.
    #[inline]
    pub fn passes_down_untouched(&self, code: u32) -> bool {
        self.shared.exclusive_free()
            && lookup(IoctlCode(code).normalized().0)
                .is_none_or(|def| def.handling == Handling::PassDown)
    }

    fn handle(&self, id: Ioctl, req: IoctlRequest<'_>) -> Completion {
        use Ioctl as I;
        match id {
            I::CdromReadToc => toc::read_toc(self, req),
            I::CdromReadTocEx => toc::read_toc_ex(self, req),
            I::CdromGetLastSession => toc::get_last_session(self, req),
            I::CdromSeekAudioMsf => audio::seek_audio_msf(self, req),
            I::CdromStopAudio => audio::stop_audio(self, req),
            I::CdromPauseAudio | I::CdromSimbad => audio::pause_audio(self, req),
            I::CdromResumeAudio => audio::resume_audio(self, req),
            I::CdromGetVolume => audio::get_volume(self, req),
            I::CdromSetVolume => audio::set_volume(self, req),
            I::CdromPlayAudioMsf => audio::play_audio_msf(self, req),
            I::CdromReadQChannel => audio::read_q_channel(self, req),
            I::CdromRawRead => rawread::raw_read(self, req),
            I::CdromExclusiveAccess => exclusive::exclusive_access(self, req),
            I::CdromGetConfiguration => info::get_configuration(self, req),
            I::CdromGetInquiryData => info::get_inquiry_data(self, req),
            I::CdromGetDriveGeometry | I::DiskGetDriveGeometry => {
                info::get_drive_geometry(self, req)
            }
            I::CdromGetDriveGeometryEx | I::DiskGetDriveGeometryEx => {
                info::get_drive_geometry_ex(self, req)
            }
            I::DiskGetLengthInfo => info::get_length_info(self, req),
            I::StorageReadCapacity => info::read_capacity(self, req),
            I::CdromCheckVerify
            | I::StorageCheckVerify
            | I::StorageCheckVerify2
            | I::DiskCheckVerify => media::check_verify(self, req),
            I::CdromMediaRemoval | I::StorageMediaRemoval => media::media_removal(self, req),
            I::StorageEjectionControl => media::ejection_control(self, req),
            I::CdromEjectMedia | I::StorageEjectMedia => media::eject_media(self, req),
            I::CdromLoadMedia | I::CdromCloseDoor | I::StorageLoadMedia | I::StorageLoadMedia2 => {
                media::load_media(self, req)
            }
            I::CdromReserve | I::StorageReserve => media::reserve(self, req),
            I::CdromRelease | I::StorageRelease => media::release(self, req),
            I::StorageGetMediaTypesEx => media::get_media_types_ex(self, req),
            I::StorageMcnControl => media::mcn_control(self, req),
            I::CdromSetSpeed => speed::set_speed(self, req),
            I::CdromGetPerformance => speed::get_performance(self, req),
            I::CdromEnableStreaming => speed::enable_streaming(self, req),
            I::CdromSendOpcInformation => speed::send_opc_information(self, req),
            // The table routes every other code down or refuses it; a row
            // marked Translated/Local without a handler is a table bug that
            // the dispatch test catches.
            _ => Completion::error(NtStatus::INVALID_DEVICE_REQUEST),
        }
    }

    /// IRP_MJ_READ.
    pub fn read(&self, file: Option<&FileContext>, offset: u64, out: &mut [u8]) -> Outcome {
        rw::read(self, file, offset, out)
    }

    /// IRP_MJ_WRITE.
    pub fn write(&self, file: Option<&FileContext>, offset: u64, data: &[u8]) -> Outcome {
        rw::write(self, file, offset, data)
    }

    /// IRP_MJ_CLEANUP of a handle: releases everything the handle holds
    /// (exclusive lock, removal locks, MCN disables).
    pub fn cleanup(&self, file: &FileContext) {
        media::release_handle(self, file);
        exclusive::release_on_cleanup(self, file);
    }
}

#[cfg(test)]
mod tests {
    use core::sync::atomic::Ordering;

    use crate::ioctl::{lookup, Handling, Ioctl, IoctlCode, TABLE};
    use crate::status::NtStatus;
    use crate::testing::{device, file, ioctl};
    use crate::Outcome;

    #[test]
    fn pass_down_rows_are_passed_down() {
        let dev = device([]);
        let f = file(1);
        for d in TABLE.iter().filter(|d| d.handling == Handling::PassDown) {
            let (o, _) = ioctl(&dev, Some(&f), d.code, &[], 64);
            assert_eq!(o, Outcome::PassDown, "{}", d.name);
        }
    }

    #[test]
    fn unknown_codes_are_passed_down() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), 0x0056_0000, &[], 0);
        assert_eq!(o, Outcome::PassDown);
    }

    #[test]
    fn codes_passed_down_untouched_are_passed_down_whatever_the_buffers() {
        let dev = device([]);
        let f = file(1);
        let codes = TABLE
            .iter()
            .map(|d| d.code)
            .chain([0x0056_0000, 0x0004_D004]);
        for code in codes.filter(|&c| dev.passes_down_untouched(c)) {
            let (o, out) = ioctl(&dev, Some(&f), code, &[0xFF; 300], 64);
            assert_eq!(o, Outcome::PassDown, "{code:#x}");
            assert!(out.iter().all(|&b| b == 0xA5), "{code:#x}: output touched");
        }
    }

    #[test]
    fn only_pass_down_rows_and_unknown_codes_are_passed_down_untouched() {
        let dev = device([]);
        let untouched: Vec<&str> = TABLE
            .iter()
            .filter(|d| dev.passes_down_untouched(d.code))
            .map(|d| d.name)
            .collect();
        let pass_down: Vec<&str> = TABLE
            .iter()
            .filter(|d| {
                lookup(IoctlCode(d.code).normalized().0)
                    .is_some_and(|row| row.handling == Handling::PassDown)
            })
            .map(|d| d.name)
            .collect();
        assert_eq!(untouched, pass_down);
        assert!(dev.passes_down_untouched(0x0056_0000));
    }

    #[test]
    fn nothing_is_passed_down_untouched_while_the_lock_is_held() {
        let dev = device([]);
        dev.shared.exclusive_owner.store(2, Ordering::Relaxed);
        assert!(!dev.passes_down_untouched(Ioctl::StorageQueryProperty.code()));
        assert!(!dev.passes_down_untouched(0x0056_0000));
    }

    #[test]
    fn priority_hint_is_refused() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), 0x2D1880, &[], 0);
        assert_eq!(o, Outcome::Complete(NtStatus::NOT_SUPPORTED.into()));
    }
}
