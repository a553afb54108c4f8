//! NTSTATUS values the driver completes requests with.
//!
//! An open newtype: any 32-bit value fits (a status passed up from the port
//! driver may be one this table does not name), and the named ones carry their
//! Windows name and a one-line meaning for tools. The values are checked
//! against mingw-w64's `ntstatus.h` by the ABI test.

use core::fmt;

/// A Windows `NTSTATUS`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NtStatus(pub u32);

macro_rules! statuses {
    ($( $(#[$doc:meta])* $name:ident = $value:literal, $meaning:literal; )*) => {
        impl NtStatus {
            $( $(#[$doc])* pub const $name: Self = Self($value); )*

            /// Every named status, for tables and tests.
            pub const ALL: &'static [Self] = &[$(Self::$name),*];

            /// The Windows name (`STATUS_…`), or `None` for an unnamed value.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $( $value => Some(concat!("STATUS_", stringify!($name))), )*
                    _ => None,
                }
            }

            /// One line saying what the status means to the caller.
            pub const fn meaning(self) -> &'static str {
                match self.0 {
                    $( $value => $meaning, )*
                    _ => "an NTSTATUS this driver does not name",
                }
            }
        }
    };
}

statuses! {
    /// The request succeeded.
    SUCCESS = 0x0000_0000, "the request succeeded";
    /// The request is still being processed.
    PENDING = 0x0000_0103, "the request is pending";
    /// Warning: data was returned but the buffer could not hold all of it.
    BUFFER_OVERFLOW = 0x8000_0005, "the output buffer holds only part of the data";
    /// Warning: the device is busy (for example playing audio).
    DEVICE_BUSY = 0x8000_0011, "the device is busy (audio playing or operation in progress)";
    /// Warning: the medium may have changed; the volume must be verified.
    VERIFY_REQUIRED = 0x8000_0016, "the medium changed: the volume must be verified";
    /// Warning: blank medium.
    NO_DATA_DETECTED = 0x8000_0022, "no data detected (blank medium)";
    /// Warning: a cleaning cartridge is loaded.
    CLEANER_CARTRIDGE_INSTALLED = 0x8000_0027, "a cleaning cartridge is loaded";
    /// The function is not implemented by the lower driver.
    NOT_IMPLEMENTED = 0xC000_0002, "the function is not implemented";
    /// The input buffer length does not match what the IOCTL needs.
    INFO_LENGTH_MISMATCH = 0xC000_0004, "the input buffer is too small for this IOCTL";
    /// The handle (file object) is not valid for this request.
    INVALID_HANDLE = 0xC000_0008, "the request needs a handle that owns the state it touches";
    /// A parameter is invalid.
    INVALID_PARAMETER = 0xC000_000D, "a parameter in the request is invalid";
    /// The device does not exist.
    NO_SUCH_DEVICE = 0xC000_000E, "no such device";
    /// The request is not valid for this device.
    INVALID_DEVICE_REQUEST = 0xC000_0010, "the device rejected the request as invalid";
    /// There is no medium in the drive.
    NO_MEDIA_IN_DEVICE = 0xC000_0013, "there is no disc in the drive";
    /// The medium's format is not recognised.
    UNRECOGNIZED_MEDIA = 0xC000_0014, "the disc's format is not recognised";
    /// The sector does not exist (LBA out of range).
    NONEXISTENT_SECTOR = 0xC000_0015, "the sector does not exist on the disc";
    /// Access denied (for example another handle holds the exclusive lock).
    ACCESS_DENIED = 0xC000_0022, "access denied (another handle holds the exclusive lock)";
    /// The output buffer is too small.
    BUFFER_TOO_SMALL = 0xC000_0023, "the output buffer is too small";
    /// The device returned a different amount of data than requested.
    DATA_OVERRUN = 0xC000_003C, "the device transferred a different amount than requested";
    /// Not enough resources.
    INSUFFICIENT_RESOURCES = 0xC000_009A, "insufficient resources";
    /// Unrecoverable data error on the medium.
    DEVICE_DATA_ERROR = 0xC000_009C, "unrecoverable data error on the disc";
    /// The device is not connected.
    DEVICE_NOT_CONNECTED = 0xC000_009D, "the device did not answer selection";
    /// The medium is write protected.
    MEDIA_WRITE_PROTECTED = 0xC000_00A2, "the disc is write protected";
    /// The device is not ready.
    DEVICE_NOT_READY = 0xC000_00A3, "the drive is not ready";
    /// The command timed out.
    IO_TIMEOUT = 0xC000_00B5, "the command timed out";
    /// The request is not supported.
    NOT_SUPPORTED = 0xC000_00BB, "the request is not supported";
    /// The device has been removed.
    DEVICE_DOES_NOT_EXIST = 0xC000_00C0, "the device has been removed";
    /// The request was cancelled.
    CANCELLED = 0xC000_0120, "the request was cancelled";
    /// The request was issued at the wrong IRQL.
    INVALID_LEVEL = 0xC000_0148, "the request was issued at an IRQL too high for it";
    /// The block length read does not match.
    INVALID_BLOCK_LENGTH = 0xC000_0173, "the block length does not match";
    /// The device is not in a state that allows the request.
    INVALID_DEVICE_STATE = 0xC000_0184, "the device state does not allow this request";
    /// Generic I/O error.
    IO_DEVICE_ERROR = 0xC000_0185, "the device reported an I/O error";
    /// Protocol error between the driver and the device.
    DEVICE_PROTOCOL_ERROR = 0xC000_0186, "the device broke the command protocol";
    /// The buffer size is invalid for this request.
    INVALID_BUFFER_SIZE = 0xC000_0206, "the buffer size is not valid for this request";
    /// Copy protection failure.
    COPY_PROTECTION_FAILURE = 0xC000_0305, "copy protection failure";
    /// CSS authentication failed.
    CSS_AUTHENTICATION_FAILURE = 0xC000_0306, "CSS authentication failed";
    /// CSS key not present.
    CSS_KEY_NOT_PRESENT = 0xC000_0307, "CSS key not present";
    /// CSS key not established.
    CSS_KEY_NOT_ESTABLISHED = 0xC000_0308, "CSS key not established";
    /// Read of a CSS-scrambled sector without authorisation.
    CSS_SCRAMBLED_SECTOR = 0xC000_0309, "the sector is CSS-scrambled";
    /// DVD region mismatch.
    CSS_REGION_MISMATCH = 0xC000_030A, "the disc's region does not match the drive's";
    /// DVD region resets exhausted.
    CSS_RESETS_EXHAUSTED = 0xC000_030B, "the drive's region resets are exhausted";
}

impl NtStatus {
    /// `NT_SUCCESS`: success or informational (severity 0 or 1).
    pub const fn is_success(self) -> bool {
        self.0 < 0x8000_0000
    }

    /// `NT_WARNING`: severity 2 (data may still have been delivered).
    pub const fn is_warning(self) -> bool {
        self.0 >> 30 == 2
    }

    /// `NT_ERROR`: severity 3.
    pub const fn is_error(self) -> bool {
        self.0 >> 30 == 3
    }

    /// `IoIsErrorUserInduced`: statuses that mean the user must act
    /// (insert, verify, unlock the medium).
    pub const fn is_user_induced(self) -> bool {
        matches!(
            self,
            Self::DEVICE_NOT_READY
                | Self::IO_TIMEOUT
                | Self::MEDIA_WRITE_PROTECTED
                | Self::NO_MEDIA_IN_DEVICE
                | Self::UNRECOGNIZED_MEDIA
                | Self::VERIFY_REQUIRED
                | Self::NO_DATA_DETECTED
        )
    }
}

impl fmt::Debug for NtStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{name}"),
            None => write!(f, "NTSTATUS({:#010x})", self.0),
        }
    }
}

impl fmt::Display for NtStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{name} ({:#010x})", self.0),
            None => write!(f, "{:#010x}", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::NtStatus;

    #[test]
    fn severity_classes() {
        assert!(NtStatus::SUCCESS.is_success());
        assert!(NtStatus::BUFFER_OVERFLOW.is_warning());
        assert!(!NtStatus::BUFFER_OVERFLOW.is_success());
        assert!(NtStatus::VERIFY_REQUIRED.is_warning());
        assert!(NtStatus::ACCESS_DENIED.is_error());
    }

    #[test]
    fn names_are_unique_and_prefixed() {
        for (i, a) in NtStatus::ALL.iter().enumerate() {
            assert!(a.name().is_some_and(|n| n.starts_with("STATUS_")));
            for b in &NtStatus::ALL[i + 1..] {
                assert_ne!(a.0, b.0, "{a:?} and {b:?} share a value");
            }
        }
    }

    #[test]
    fn display_names_value() {
        assert_eq!(
            std::format!("{}", NtStatus::ACCESS_DENIED),
            "STATUS_ACCESS_DENIED (0xc0000022)"
        );
        assert_eq!(
            std::format!("{:?}", NtStatus(0x1234)),
            "NTSTATUS(0x00001234)"
        );
    }
}
