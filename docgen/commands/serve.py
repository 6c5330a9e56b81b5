"""``docgen serve``: the local web page and HTTP API, on 127.0.0.1 only."""

import click

DEFAULT_PORT = 8765
#: worker threads of the server (requests at once; each works in its own temporary directory)
THREADS = 4
#: the request body cap waitress enforces before Flask sees the request (a little over the app's)
BODY_LIMIT_SLACK = 1024 * 1024


@click.command()
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
              help="监听的端口（只监听本机 127.0.0.1；0 表示自动选一个空闲端口）。")
@click.option("--open", "open_browser", is_flag=True, default=False, help="启动后用默认浏览器打开网页。")
def command(port, open_browser):
    """启动本机网页版：在浏览器里粘贴或拖入稿件，排版、预览、检查、下载。

    \b
    只在本机（127.0.0.1）监听，其他电脑无法访问；按 Ctrl+C 停止。
    示例：docgen serve --open
          docgen serve --port 9000
    """
    from docgen.errors import DocgenError

    try:
        import waitress

        from docgen.web.app import MAX_UPLOAD_BYTES, create_app
    except ImportError as exc:
        raise DocgenError(f"网页版需要额外的组件（缺少 {exc.name}）：请运行 pip install 'docgen[web]'") from None

    app = create_app(preload=True)
    try:
        server = waitress.create_server(app, host="127.0.0.1", port=port, threads=THREADS,
                                        max_request_body_size=MAX_UPLOAD_BYTES + BODY_LIMIT_SLACK,
                                        ident="docgen")
    except OSError as exc:
        app.extensions["docgen_scratch"].close()
        raise DocgenError(f"无法在端口 {port} 启动网页服务（{exc.strerror or exc}）：端口可能已被占用，"
                          "请用 --port 换一个") from None
    url = f"http://127.0.0.1:{server.effective_port}/"
    click.echo(f"docgen 网页版已启动：{url}（只接受本机访问，按 Ctrl+C 停止）", err=True)
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    import signal

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)     # `kill`: stop as Ctrl+C does, page images removed
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        app.extensions["docgen_scratch"].close()
        click.echo("docgen 网页版已停止", err=True)
