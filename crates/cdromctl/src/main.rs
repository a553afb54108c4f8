//! cdromctl: sends CD-ROM IOCTLs to the cdfilter driver.

use cdfilter_core::ioctl::TABLE;

fn main() {
    for d in TABLE {
        println!("{:<45} {:#010x}", d.name, d.code);
    }
}
