//! What can go wrong, how it is explained, and the exit code it ends in.
//!
//! Exit codes: 0 success; 1 the driver completed a request with a failure
//! status ([`Error::Device`]); 2 usage error ([`Error::Usage`]); 3 internal
//! error ([`Error::Internal`]: an image that cannot be read, a verifier
//! violation, an I/O error of the tool itself, a peer that cannot start).

use std::fmt;

use serde_json::{json, Value};

use cdfilter_core::ioctl::{lookup, Ioctl};
use cdfilter_core::status::NtStatus;

/// Exit code: the driver answered a failure status.
pub const EXIT_DEVICE: u8 = 1;
/// Exit code: usage error.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: internal error.
pub const EXIT_INTERNAL: u8 = 3;

/// A request the driver completed with a failure (or warning) status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The IOCTL's name (or `IRP_MJ_READ`).
    pub request: String,
    /// The completion status.
    pub status: NtStatus,
    /// `IoStatus.Information`.
    pub information: usize,
    /// One line saying what the status means here.
    pub meaning: String,
}

impl Failure {
    /// A failure of the request `code` with its meaning refined for it.
    pub fn of_ioctl(code: u32, status: NtStatus, information: usize) -> Self {
        Self {
            request: lookup(code).map_or_else(|| format!("IOCTL {code:#010x}"), |d| d.name.into()),
            status,
            information,
            meaning: explain(lookup(code).map(|d| d.id), status, information),
        }
    }

    /// The status name, or its hex value for an unnamed status.
    pub fn status_name(&self) -> String {
        self.status
            .name()
            .map_or_else(|| format!("{:#010x}", self.status.0), str::to_owned)
    }

    /// The JSON form: `{"request","status","ntstatus","information","meaning"}`.
    pub fn json(&self) -> Value {
        json!({
            "request": self.request,
            "status": self.status_name(),
            "ntstatus": self.status.0,
            "information": self.information,
            "meaning": self.meaning,
        })
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} ({:#010x}): {}",
            self.request,
            self.status_name(),
            self.status.0,
            self.meaning
        )
    }
}

/// One line saying what `status` means for the request `ioctl`, more
/// precise than [`NtStatus::meaning`] where the request tells more.
pub fn explain(ioctl: Option<Ioctl>, status: NtStatus, information: usize) -> String {
    use Ioctl as I;
    let raw_read = ioctl == Some(I::CdromRawRead);
    let text = match status {
        NtStatus::ACCESS_DENIED => "access denied by another handle's lock",
        NtStatus::BUFFER_TOO_SMALL if information > 0 => {
            return format!("buffer too small: needs {information} bytes");
        }
        NtStatus::BUFFER_OVERFLOW => {
            return format!("buffer too small: {information} bytes returned, the answer is longer");
        }
        NtStatus::NO_MEDIA_IN_DEVICE => "no medium: the tray is empty or open",
        NtStatus::DEVICE_BUSY => "the drive is playing audio: pause or stop it first",
        NtStatus::VERIFY_REQUIRED => "the medium changed: run `cdromctl verify` and retry",
        NtStatus::NOT_IMPLEMENTED => "not implemented by this driver build",
        NtStatus::NONEXISTENT_SECTOR => "the sector is not on the disc (past the lead-out)",
        NtStatus::INVALID_DEVICE_REQUEST if raw_read => {
            "the drive refused the read: the sector type does not match the track mode, or the drive cannot return it"
        }
        NtStatus::INVALID_DEVICE_REQUEST if ioctl == Some(I::CdromStopAudio) => {
            "nothing is playing"
        }
        NtStatus::INVALID_DEVICE_REQUEST if ioctl == Some(I::CdromSendOpcInformation) => {
            "the drive refused power calibration (it does not write)"
        }
        NtStatus::INVALID_DEVICE_REQUEST if ioctl == Some(I::CdromExclusiveAccess) => {
            "the device is not locked"
        }
        NtStatus::INVALID_HANDLE if ioctl == Some(I::CdromExclusiveAccess) => {
            "another handle holds the lock"
        }
        NtStatus::INVALID_DEVICE_STATE if ioctl == Some(I::CdromExclusiveAccess) => {
            "a volume is mounted: lock with --ignore-volume"
        }
        NtStatus::INVALID_PARAMETER if raw_read => {
            "invalid parameter: the range runs past the end of the disc, or the count or mode is invalid"
        }
        NtStatus::INVALID_PARAMETER if ioctl == Some(I::CdromExclusiveAccess) => {
            "invalid caller name (1-63 of 0-9 A-Z a-z space . , : ; _ -)"
        }
        NtStatus::INVALID_PARAMETER
            if matches!(
                ioctl,
                Some(I::CdromPlayAudioMsf | I::CdromSeekAudioMsf)
            ) =>
        {
            "invalid MSF address (seconds < 60, frames < 75, at or after 00:02:00, end not before start)"
        }
        _ => status.meaning(),
    };
    text.to_owned()
}

/// Everything a command can fail with.
#[derive(Debug)]
pub enum Error {
    /// The command line is wrong.
    Usage(String),
    /// The driver failed a request.
    Device(Failure),
    /// The tool itself failed.
    Internal(String),
}

impl Error {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Usage(_) => EXIT_USAGE,
            Self::Device(_) => EXIT_DEVICE,
            Self::Internal(_) => EXIT_INTERNAL,
        }
    }

    /// The JSON form: `{"error": {"kind", "message", ...}}`.
    pub fn json(&self) -> Value {
        match self {
            Self::Usage(m) => json!({"error": {"kind": "usage", "message": m}}),
            Self::Internal(m) => json!({"error": {"kind": "internal", "message": m}}),
            Self::Device(f) => {
                let mut v = f.json();
                if let Some(o) = v.as_object_mut() {
                    o.insert("kind".into(), json!("device"));
                    o.insert("message".into(), json!(f.to_string()));
                }
                json!({ "error": v })
            }
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Usage(m) => write!(f, "usage: {m}"),
            Self::Device(d) => write!(f, "{d}"),
            Self::Internal(m) => write!(f, "internal error: {m}"),
        }
    }
}

impl From<Failure> for Error {
    fn from(f: Failure) -> Self {
        Self::Device(f)
    }
}

/// A usage error.
pub fn usage(msg: impl Into<String>) -> Error {
    Error::Usage(msg.into())
}

/// An internal error.
pub fn internal(msg: impl Into<String>) -> Error {
    Error::Internal(msg.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffer_too_small_names_the_size_needed() {
        let f = Failure::of_ioctl(Ioctl::CdromReadToc.code(), NtStatus::BUFFER_TOO_SMALL, 804);
        assert_eq!(
            f.to_string(),
            "IOCTL_CDROM_READ_TOC: STATUS_BUFFER_TOO_SMALL (0xc0000023): buffer too small: needs 804 bytes"
        );
    }

    #[test]
    fn access_denied_names_the_lock() {
        let f = Failure::of_ioctl(Ioctl::CdromReadToc.code(), NtStatus::ACCESS_DENIED, 0);
        assert_eq!(f.meaning, "access denied by another handle's lock");
    }

    #[test]
    fn unnamed_status_shows_its_value() {
        let f = Failure::of_ioctl(0x0056_0000, NtStatus(0xC000_1234), 0);
        assert_eq!(f.request, "IOCTL 0x00560000");
        assert_eq!(f.status_name(), "0xc0001234");
        assert_eq!(f.meaning, "an NTSTATUS this driver does not name");
    }

    #[test]
    fn exit_codes_by_kind() {
        let d = Failure::of_ioctl(0x24000, NtStatus::NO_MEDIA_IN_DEVICE, 0);
        assert_eq!(Error::Device(d).exit_code(), 1);
        assert_eq!(usage("x").exit_code(), 2);
        assert_eq!(internal("x").exit_code(), 3);
    }

    #[test]
    fn json_of_a_device_error() {
        let d = Failure::of_ioctl(0x24000, NtStatus::NO_MEDIA_IN_DEVICE, 0);
        let v = Error::Device(d).json();
        assert_eq!(v["error"]["kind"], "device");
        assert_eq!(v["error"]["status"], "STATUS_NO_MEDIA_IN_DEVICE");
        assert_eq!(v["error"]["ntstatus"], 0xC000_0013_u32);
        assert_eq!(
            v["error"]["meaning"],
            "no medium: the tray is empty or open"
        );
    }
}
