//! The Windows adapter's one piece of logic that does not need Windows:
//! turning what `DeviceIoControl`/`ReadFile` report back into an NTSTATUS.
//!
//! The adapter reads the driver's NTSTATUS and Information from the
//! request's `OVERLAPPED` (`Internal` / `InternalHigh`, the I/O status
//! block). When the request failed before an I/O status block was written
//! (the I/O manager refused it, or the driver completed it with an error
//! at once), only the Win32 error is known; it is mapped back here to the
//! status `RtlNtStatusToDosError` derives it from. Where several statuses
//! share one Win32 error, the one this driver completes with is chosen.

use cdfilter_core::status::NtStatus;

/// The NTSTATUS a Win32 error code stands for. Unknown codes become
/// `0xC007xxxx` (FACILITY_NTWIN32 wrapping the Win32 code), so the value
/// stays recognisable.
pub fn status_of_win32_error(code: u32) -> NtStatus {
    match code {
        0 => NtStatus::SUCCESS,
        1 => NtStatus::INVALID_DEVICE_REQUEST, // ERROR_INVALID_FUNCTION
        5 => NtStatus::ACCESS_DENIED,          // ERROR_ACCESS_DENIED
        6 => NtStatus::INVALID_HANDLE,         // ERROR_INVALID_HANDLE
        19 => NtStatus::MEDIA_WRITE_PROTECTED, // ERROR_WRITE_PROTECT
        // ERROR_NOT_READY: NO_MEDIA_IN_DEVICE and DEVICE_NOT_READY both map
        // here; an empty drive is what a user meets.
        21 => NtStatus::NO_MEDIA_IN_DEVICE,
        22 => NtStatus::INVALID_DEVICE_STATE, // ERROR_BAD_COMMAND
        23 => NtStatus::DEVICE_DATA_ERROR,    // ERROR_CRC
        24 => NtStatus::INFO_LENGTH_MISMATCH, // ERROR_BAD_LENGTH
        27 => NtStatus::NONEXISTENT_SECTOR,   // ERROR_SECTOR_NOT_FOUND
        50 => NtStatus::NOT_SUPPORTED,        // ERROR_NOT_SUPPORTED
        87 => NtStatus::INVALID_PARAMETER,    // ERROR_INVALID_PARAMETER
        120 => NtStatus::NOT_IMPLEMENTED,     // ERROR_CALL_NOT_IMPLEMENTED
        121 => NtStatus::IO_TIMEOUT,          // ERROR_SEM_TIMEOUT
        122 => NtStatus::BUFFER_TOO_SMALL,    // ERROR_INSUFFICIENT_BUFFER
        170 => NtStatus::DEVICE_BUSY,         // ERROR_BUSY
        234 => NtStatus::BUFFER_OVERFLOW,     // ERROR_MORE_DATA
        995 => NtStatus::CANCELLED,           // ERROR_OPERATION_ABORTED
        1110 => NtStatus::VERIFY_REQUIRED,    // ERROR_MEDIA_CHANGED
        1117 => NtStatus::IO_DEVICE_ERROR,    // ERROR_IO_DEVICE
        1167 => NtStatus::DEVICE_NOT_CONNECTED, // ERROR_DEVICE_NOT_CONNECTED
        1784 => NtStatus::INVALID_BUFFER_SIZE, // ERROR_INVALID_USER_BUFFER
        1785 => NtStatus::UNRECOGNIZED_MEDIA, // ERROR_UNRECOGNIZED_MEDIA
        other => NtStatus(0xC007_0000 | (other & 0xFFFF)),
    }
}

/// The completion of one request as the adapter saw it: `ok` is the
/// function's return value, `last_error` what `GetLastError` said after
/// it, `iosb` the I/O status block (`Internal`, `InternalHigh`) once the
/// request completed, `None` when it never reached one.
pub fn completion(ok: bool, last_error: u32, iosb: Option<(usize, usize)>) -> (NtStatus, usize) {
    match iosb {
        // The status block holds the driver's own status and Information.
        Some((status, information)) if status as u32 != NtStatus::PENDING.0 => {
            (NtStatus(status as u32), information)
        }
        _ if ok => (NtStatus::SUCCESS, 0),
        _ => (status_of_win32_error(last_error), 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_errors_map_back() {
        assert_eq!(status_of_win32_error(5), NtStatus::ACCESS_DENIED);
        assert_eq!(status_of_win32_error(122), NtStatus::BUFFER_TOO_SMALL);
        assert_eq!(status_of_win32_error(21), NtStatus::NO_MEDIA_IN_DEVICE);
        assert_eq!(status_of_win32_error(1110), NtStatus::VERIFY_REQUIRED);
    }

    #[test]
    fn unknown_errors_keep_their_code() {
        assert_eq!(status_of_win32_error(0x1234), NtStatus(0xC007_1234));
    }

    #[test]
    fn the_status_block_wins_over_the_win32_error() {
        let r = completion(false, 234, Some((0x8000_0005, 36)));
        assert_eq!(r, (NtStatus::BUFFER_OVERFLOW, 36));
    }

    #[test]
    fn a_pending_status_block_was_never_written() {
        let r = completion(false, 5, Some((0x103, 0)));
        assert_eq!(r, (NtStatus::ACCESS_DENIED, 0));
        assert_eq!(completion(true, 0, None), (NtStatus::SUCCESS, 0));
    }
}
