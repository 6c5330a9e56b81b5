import click


@click.command()
def command():
    """（尚未实现）"""
    raise click.ClickException("尚未实现")
