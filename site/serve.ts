import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";

/**
 * Serves the built site on loopback with node's own http: `npm run serve`. PORT picks the
 * port (0 for any free one, which the first line of output names); 4173 by default.
 */
const ROOT = path.resolve(__dirname, "dist");
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  // The chapters' Markdown sources, shown as text rather than offered as downloads.
  ".md": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

function fileFor(urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = path.resolve(ROOT, `.${path.posix.normalize(decoded)}`);
  if (file !== ROOT && !file.startsWith(ROOT + path.sep)) return null;
  const target = fs.existsSync(file) && fs.statSync(file).isDirectory() ? path.join(file, "index.html") : file;
  return fs.existsSync(target) && fs.statSync(target).isFile() ? target : null;
}

function notFound(res: http.ServerResponse): void {
  const page = path.join(ROOT, "404.html");
  res.writeHead(404, { "content-type": TYPES[".html"] });
  // The 404 page links relative to the site's root, whatever the depth of the missing path.
  res.end(
    fs.existsSync(page) ? fs.readFileSync(page, "utf8").replace("<head>", '<head>\n<base href="/">') : "Not found\n",
  );
}

export function createServer(): http.Server {
  return http.createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const url = new URL(req.url ?? "/", "http://localhost");
    const file = fileFor(url.pathname);
    if (!file) return notFound(res);
    res.writeHead(200, {
      "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
      "cache-control": "no-cache",
      "x-content-type-options": "nosniff",
    });
    if (req.method === "HEAD") res.end();
    else fs.createReadStream(file).pipe(res);
  });
}

if (require.main === module) {
  if (!fs.existsSync(path.join(ROOT, "index.html"))) {
    process.stderr.write("serve: site/dist has no index.html; build the site first with npm run site\n");
    process.exit(1);
  }
  const port = Number(process.env.PORT ?? 4173);
  const server = createServer();
  server.listen(port, "127.0.0.1", () => {
    const address = server.address();
    const actual = typeof address === "object" && address ? address.port : port;
    process.stdout.write(`serving site/dist at http://127.0.0.1:${actual}/\n`);
  });
  const stop = () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
