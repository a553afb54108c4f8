//! cdromctl: sends CD-ROM IOCTLs to the cdfilter driver — DeviceIoControl on
//! Windows, the in-process host stack (simulated drive, disc images, QEMU,
//! tgt) on Linux. The IOCTL buffers are the same bytes on every backend.
//!
//! Exit codes: 0 success; 1 the driver completed a request with a failure
//! status; 2 usage error; 3 internal error (an image that cannot be read, a
//! verifier violation, an I/O error of the tool itself).

mod backend;
mod render;

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use cdfilter_core::ioctl::{lookup, Handling, Ioctl, TABLE};
use cdfilter_host::sim::SimDrive;

use crate::backend::{Backend, HostBackend};

/// Exit code: the driver answered a failure status.
const EXIT_DEVICE: u8 = 1;
/// Exit code: usage error.
const EXIT_USAGE: u8 = 2;
/// Exit code: internal error.
const EXIT_INTERNAL: u8 = 3;

#[derive(Parser, Debug)]
#[command(
    name = "cdromctl",
    version,
    about = "Send CD-ROM IOCTLs to the cdfilter driver (host stack on Linux, DeviceIoControl on Windows)",
    after_help = "Without --image, --qemu, --iscsi or --device the built-in disc in the simulated drive is used.\n\
                  Example: cdromctl --json ioctl IOCTL_CDROM_READ_TOC --out-len 804"
)]
struct Cli {
    #[command(flatten)]
    target: TargetArgs,
    /// Print one JSON object per request instead of a table.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Args, Debug)]
struct TargetArgs {
    /// Disc image for the simulated drive (.iso or .cue).
    #[arg(long, global = true, value_name = "PATH")]
    image: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Send one IOCTL and print status, Information, output and CDBs.
    #[command(
        after_help = "Examples:\n  cdromctl ioctl IOCTL_CDROM_READ_TOC --out-len 804\n  \
                            cdromctl ioctl 0x24054 --in 00000000 --out-len 20"
    )]
    Ioctl(IoctlArgs),
    /// Run a script of requests over several handles.
    #[command(after_help = "Script lines (one step each; '#' starts a comment):\n  \
                            open A\n  A ioctl IOCTL_CDROM_EXCLUSIVE_ACCESS --in 01000000... --out-len 0\n  \
                            A read --offset 0 --len 2048\n  close A")]
    Script {
        /// The script file.
        file: PathBuf,
    },
    /// Print the IOCTL table: name, code, method, access, handling.
    Ioctls,
}

#[derive(Args, Debug, Clone)]
struct IoctlArgs {
    /// IOCTL name (IOCTL_CDROM_READ_TOC) or code (0x24000).
    ioctl: String,
    /// Input buffer as hex ("01 02 0a", "01020a"); absent means empty.
    #[arg(long = "in", value_name = "HEX")]
    input: Option<String>,
    /// Output buffer length in bytes.
    #[arg(long, default_value_t = 0, value_name = "N")]
    out_len: usize,
}

/// A usage error with its message.
#[derive(Debug)]
struct Usage(String);

/// Parses an IOCTL given by name or number.
fn parse_ioctl(s: &str) -> Result<u32, Usage> {
    if let Some(id) = Ioctl::from_name(s) {
        return Ok(id.code());
    }
    let parsed = match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(hex) => u32::from_str_radix(hex, 16),
        None => s.parse(),
    };
    parsed.map_err(|_| {
        Usage(format!(
            "unknown IOCTL '{s}': give a name from `cdromctl ioctls` or a code like 0x24000"
        ))
    })
}

/// Parses hex bytes, ignoring spaces, colons, dashes and underscores.
fn parse_hex(s: &str) -> Result<Vec<u8>, Usage> {
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | ':' | '-' | '_' | ','))
        .collect();
    if digits.len() % 2 != 0 {
        return Err(Usage(format!("--in '{s}': odd number of hex digits")));
    }
    (0..digits.len())
        .step_by(2)
        .map(|i| {
            u8::from_str_radix(&digits[i..i + 2], 16).map_err(|_| {
                Usage(format!(
                    "--in '{s}': '{}' is not a hex byte",
                    &digits[i..i + 2]
                ))
            })
        })
        .collect()
}

fn make_backend(target: &TargetArgs) -> Result<Box<dyn Backend>, String> {
    match &target.image {
        Some(path) => {
            let _ = path;
            Err("disc images are not supported by this build yet".to_owned())
        }
        None => Ok(Box::new(HostBackend::new(SimDrive::default()))),
    }
}

fn cmd_ioctls(json: bool) -> String {
    let mut s = String::new();
    if json {
        let rows: Vec<_> = TABLE.iter().map(render::ioctl_row_json).collect();
        let _ = writeln!(s, "{}", serde_json::Value::Array(rows));
        return s;
    }
    let _ = writeln!(
        s,
        "{:<44} {:>10}  {:<10} {:<10} handling",
        "name", "code", "method", "access"
    );
    for d in TABLE {
        let alias = lookup(d.code).is_some_and(|first| first.id != d.id);
        let handling = match d.handling {
            Handling::Translated(ops) => {
                let ops: Vec<String> = ops.iter().map(|o| format!("{o:#04x}")).collect();
                format!("translated to {}", ops.join(", "))
            }
            Handling::Local => "answered by the driver".to_owned(),
            Handling::PassDown => "passed down".to_owned(),
            Handling::Refused(st) => format!("refused with {}", st.name().unwrap_or("?")),
        };
        let _ = writeln!(
            s,
            "{:<44} {:#010x}  {:<10} {:<10} {handling}{}",
            d.name,
            d.code,
            format!("{:?}", d.method),
            format!("{:?}", d.access),
            if alias {
                " (alias: same code as an earlier row)"
            } else {
                ""
            }
        );
    }
    s
}

fn run(cli: Cli) -> Result<u8, (u8, String)> {
    let command = cli.command.unwrap_or(Command::Ioctls);
    match command {
        Command::Ioctls => {
            print!("{}", cmd_ioctls(cli.json));
            Ok(0)
        }
        Command::Ioctl(args) => {
            let code = parse_ioctl(&args.ioctl).map_err(|u| (EXIT_USAGE, u.0))?;
            let input = match &args.input {
                Some(h) => parse_hex(h).map_err(|u| (EXIT_USAGE, u.0))?,
                None => Vec::new(),
            };
            let backend = make_backend(&cli.target).map_err(|e| (EXIT_INTERNAL, e))?;
            let h = backend.open();
            let reply = backend.ioctl(h, code, &input, args.out_len);
            backend.close(h);
            print!("{}", render::reply(code, &reply, None, cli.json));
            let violations = backend.violations();
            if !violations.is_empty() {
                return Err((
                    EXIT_INTERNAL,
                    format!("verifier: {}", violations.join("; ")),
                ));
            }
            Ok(if reply.status.is_success() {
                0
            } else {
                EXIT_DEVICE
            })
        }
        Command::Script { file } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| (EXIT_INTERNAL, format!("{}: {e}", file.display())))?;
            let backend = make_backend(&cli.target).map_err(|e| (EXIT_INTERNAL, e))?;
            script::run(&*backend, &text, cli.json).map_err(|u| (EXIT_USAGE, u.0))?;
            let violations = backend.violations();
            if !violations.is_empty() {
                return Err((
                    EXIT_INTERNAL,
                    format!("verifier: {}", violations.join("; ")),
                ));
            }
            Ok(0)
        }
    }
}

mod script;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err((code, msg)) => {
            eprintln!("cdromctl: {msg}");
            ExitCode::from(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ioctl_by_name_and_code() {
        assert_eq!(parse_ioctl("IOCTL_CDROM_READ_TOC").unwrap(), 0x24000);
        assert_eq!(parse_ioctl("ioctl_cdrom_raw_read").unwrap(), 0x2403E);
        assert_eq!(parse_ioctl("0x2403e").unwrap(), 0x2403E);
        assert_eq!(parse_ioctl("147512").unwrap(), 0x24038);
        assert!(parse_ioctl("IOCTL_NOPE").is_err());
    }

    #[test]
    fn hex_forms() {
        assert_eq!(parse_hex("01 02:0a-FF").unwrap(), vec![1, 2, 10, 255]);
        assert_eq!(parse_hex("").unwrap(), Vec::<u8>::new());
        assert!(parse_hex("123").is_err());
        assert!(parse_hex("zz").is_err());
    }
}
