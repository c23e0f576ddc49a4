// Package remote reads a 3D Tiles tileset served over HTTP(S) as an
// fs.FS, so the tiles3d loader and the renderer's streaming read a server
// exactly as they read a local folder. It sits beside the other loaders:
// it imports nothing of ours, and loaders/open wires it in when a file
// named on the command line, or a scene layer's src, is an
// http(s)://…/tileset.json URL.
//
// New takes the tileset's URL. Names given to the FS resolve against the
// tileset's folder ("content/0/1.glb" → https://host/city/content/0/1.glb);
// the tileset URL's query string (an access key) is added to every child
// request, a bearer token is read from the environment variable
// Options.TokenEnv, responses may be gzip-encoded, 5xx answers and
// timeouts are retried with capped exponential backoff, each request has
// its own timeout, and at most Options.Concurrency requests are in flight.
//
// With a Cache, every body is kept on disk keyed by its URL (size-capped,
// least recently used evicted first) and revalidated with ETag /
// Last-Modified; when the server cannot be reached, cached bodies are
// served as they are, so a kiosk starts offline after its first run.
//
// Priority and cancellation: ReadFileContext and OpenContext take a
// context. Cancelling it abandons the request (waiting for a slot or in
// flight) with the context's error; WithPriority marks a context so that,
// when requests wait for a slot, the highest priority goes first (the
// renderer passes the tile's screen-space error, say, and cancels the
// contexts of tiles that left the view). Plain Open and ReadFile use
// context.Background at priority 0.
//
// Example:
//
//	fsys, name, err := remote.New("https://example.org/city/tileset.json?key=abc",
//		remote.Options{TokenEnv: "CITY_TOKEN", Cache: cache})
//	layer, err := tiles3d.Open(fsys, name, tiles3d.Options{})
package remote
