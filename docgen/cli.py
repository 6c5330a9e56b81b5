"""The ``docgen`` command line.  Each command lives in docgen/commands/<name>.py and is a thin
wrapper over library functions; heavy imports happen inside the commands, so ``docgen --help``
stays fast.  Exit codes: 0 ok, 1 findings of severity error, 2 bad usage or bad input."""

from __future__ import annotations

import importlib
import os
import sys

import click

from docgen import __version__
from docgen.clihelp import ZhContext, make_chinese

#: command name -> module in docgen.commands (imported only when the command runs or is listed)
COMMANDS = {
    "build": "build",
    "format": "format",
    "check": "check",
    "rules": "rules",
    "preview": "preview",
    "template": "template",
    "serve": "serve",
    "fonts": "fonts",
    "new": "new",
}


class LazyGroup(click.Group):
    context_class = ZhContext           # Chinese help for the group...

    def list_commands(self, ctx):
        return list(COMMANDS)

    def get_command(self, ctx, name):
        module_name = COMMANDS.get(name)
        if module_name is None:
            return None
        module = importlib.import_module(f"docgen.commands.{module_name}")
        make_chinese([module.command])  # ...and for every command
        return module.command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docgen", message="%(prog)s 版本 %(version)s",
                      help="显示版本号并退出。")
def cli():
    """docgen：讲话稿（公文格式，GB/T 9704-2012）的生成、重排与检查。

    \b
    docgen build examples/speech.yaml -o speech.docx     从 YAML 内容文件生成 .docx
    docgen format 草稿.txt -o 讲话.docx --report          把粘贴稿重排为公文格式
    docgen check 讲话.docx                                按规则集检查，列出问题
    docgen rules                                          列出全部规则
    docgen new notice -o 通知.yaml                         写出某一文种的内容文件样例
    """


from docgen.clihelp import zh_metavars  # noqa: E402

#: click's usage errors, in Chinese (pattern -> template over the pattern's groups)
_USAGE_ZH = (
    (r"No such option '(.+?)'\.(?: Did you mean '(.+?)'\?)?", lambda m: f"没有选项 {m[1]}"
     + (f"，是否要用 {m[2]}" if m[2] else "")),
    (r"No such command '(.+?)'\.", lambda m: f"没有命令 {m[1]}（可用 build、format、check、rules、preview、template、new、fonts、serve）"),
    (r"Missing argument '(.+?)'\.", lambda m: f"缺少参数 {zh_metavars(m[1])}"),
    (r"Missing option '(.+?)'\.", lambda m: f"缺少选项 {m[1]}"),
    (r"Option '(.+?)' requires an argument\.", lambda m: f"选项 {m[1]} 后面需要一个值"),
    (r"Got unexpected extra arguments? \((.+)\)", lambda m: f"多余的参数：{m[1]}"),
    (r"Invalid value for (.+?): '?(.+?)'? is not one of (.+?)\.", lambda m: f"{m[1]} 的值“{m[2]}”无效，可用：{m[3]}"),
    (r"Invalid value for (.+?): (.+?) is not in the range (.+?)\.", lambda m: f"{m[1]} 的值 {m[2]} 超出范围（{m[3]}）"),
    (r"Invalid value for (.+?): (?:File|Directory|Path) '(.+?)' is a directory\.",
     lambda m: f"{zh_metavars(m[1])} 应为文件，但 {m[2]} 是一个目录"),
    (r"Invalid value for (.+?): (?:File|Directory|Path) '(.+?)' is a file\.",
     lambda m: f"{zh_metavars(m[1])} 应为目录，但 {m[2]} 是一个文件"),
    (r"Invalid value for (.+?): (?:File|Directory|Path) '(.+?)' does not exist\.",
     lambda m: f"{zh_metavars(m[1])} 指向的 {m[2]} 不存在"),
    (r"Invalid value for (.+?): (?:File|Directory|Path) '(.+?)' is not (?:readable|writable)\.",
     lambda m: f"{zh_metavars(m[1])} 指向的 {m[2]} 没有读写权限"),
    (r"Invalid value for (.+?): '?(.+?)'? is not a valid integer(?: range)?\.",
     lambda m: f"{zh_metavars(m[1])} 应为整数，现在是“{m[2]}”"),
    (r"Invalid value for (.+?): (.+)", lambda m: f"{zh_metavars(m[1])} 的值无效"),
)


def usage_message_zh(message: str) -> str:
    """A click usage error in Chinese (the original text when it is not one we know)."""
    import re

    from docgen.clihelp import zh_metavars  # noqa: F401 (used by the templates above)

    for pattern, render in _USAGE_ZH:
        m = re.fullmatch(pattern, message.strip(), flags=re.S)
        if m:
            return render(m)
    return message


def main(argv=None):
    from docgen.errors import DocgenError

    try:
        rc = cli.main(args=argv, prog_name="docgen", standalone_mode=False)
    except DocgenError as exc:
        click.echo(f"docgen: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.NoArgsIsHelpError as exc:   # "docgen" alone: the help, in Chinese
        click.echo(exc.format_message(), err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("docgen: 已中断", err=True)
        sys.exit(130)
    except click.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx is not None else "docgen"
        click.echo(f"docgen: {usage_message_zh(exc.format_message())}（用 {where} --help 查看用法）", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if exc.exit_code == 2 else exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("docgen: 已中断，未写出任何不完整的文件", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # a bug of ours: say so in one line, keep the traceback for DOCGEN_DEBUG
        if os.environ.get("DOCGEN_DEBUG"):
            raise
        click.echo("docgen: 内部错误（程序缺陷，不是您的文件的问题）。请设置环境变量 DOCGEN_DEBUG=1 重试，"
                   "把显示的详细信息报告给维护者。", err=True)
        sys.exit(3)
    sys.exit(rc if isinstance(rc, int) else 0)


if __name__ == "__main__":
    main()
