package live

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DefaultTemporalTypes are the entity types a history request asks for
// when the source names none: the Smart Data Models the decoder knows.
var DefaultTemporalTypes = []string{"AirQualityObserved", "NoiseLevelObserved", "TrafficFlowObserved",
	"ParkingSpot", "WeatherObserved"}

// TemporalOptions say where and how far back to read sensor history from
// an NGSI-LD context broker's temporal API (ETSI GS CIM 009,
// /ngsi-ld/v1/temporal/entities).
type TemporalOptions struct {
	// URL is the broker's base URL (http:// or https://), e.g.
	// "https://broker.example.org"; "/ngsi-ld/v1/temporal/entities" is
	// added unless the URL already ends with it. Its query string (an
	// access key) is kept on every page.
	URL string
	// Types are the entity types asked for (the type parameter); default
	// DefaultTemporalTypes.
	Types []string
	// Since is how far back to read (timerel=after&timeAt=Since).
	Since time.Time
	// PageSize is the limit per page; default 100.
	PageSize int
	// MaxPages bounds the pages read; default 1000.
	MaxPages int
	// Header is sent with every request (Authorization for a token).
	Header http.Header
	// Client makes the requests; default one with a 30 s timeout.
	Client *http.Client
}

// HistoryResult says what a history fill read.
type HistoryResult struct {
	Pages, Entities, Readings int
	// Problems are the entities that could not be used, one line each
	// (the first few).
	Problems []string
}

// String describes the result for a status line: "history: 1,234
// readings of 56 sensors (3 pages)".
func (h HistoryResult) String() string {
	return fmt.Sprintf("history: %d readings of %d sensors (%d pages)", h.Readings, h.Entities, h.Pages)
}

// FillHistory reads the history of every entity of opts.Types since
// opts.Since from the temporal API, page by page, and applies it to reg
// as readings from source, oldest first per sensor, so that the history
// rings and sparklines hold the past before live readings arrive. Call it
// before the live feed starts: readings applied later are taken as newer.
//
// Both representations of the temporal API are read: the normalized one
// (each attribute an array of property instances with observedAt) and
// the simplified one (options=temporalValues: each attribute
// {"type": "Property", "values": [[value, time], ...]}). Pages follow a
// Link header with rel="next" when the broker sends one, else limit and
// offset until a page is short or NGSILD-Results-Count is reached. An
// error (a refused request, an answer that is not an entity array)
// returns what was applied so far with the error; it never panics on
// input.
func FillHistory(ctx context.Context, opts TemporalOptions, reg *Registry, source string) (HistoryResult, error) {
	var res HistoryResult
	next, err := temporalURL(opts)
	if err != nil {
		return res, err
	}
	client := opts.Client
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	limit, maxPages := opts.PageSize, opts.MaxPages
	if limit <= 0 {
		limit = 100
	}
	if maxPages <= 0 {
		maxPages = 1000
	}
	d := NewDecoder(FormatNGSI)
	offset := 0
	for next != "" && res.Pages < maxPages {
		body, hdr, err := getPage(ctx, client, next, opts.Header)
		if err != nil {
			return res, err
		}
		res.Pages++
		n, err := applyTemporal(d, body, reg, source, &res)
		if err != nil {
			return res, fmt.Errorf("history page %d: %w", res.Pages, err)
		}
		switch link := nextLink(hdr.Values("Link"), next); {
		case link != "":
			next = link
		case n < limit:
			next = ""
		default:
			offset += n
			if total, err := strconv.Atoi(hdr.Get("NGSILD-Results-Count")); err == nil && offset >= total {
				next = ""
			} else {
				next = withOffset(next, offset)
			}
		}
	}
	return res, nil
}

// temporalURL is the first page's URL.
func temporalURL(opts TemporalOptions) (string, error) {
	u, err := url.Parse(opts.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("temporal URL %q: not an http(s) URL", RedactURL(opts.URL))
	}
	if !strings.HasSuffix(u.Path, "/temporal/entities") {
		u.Path = strings.TrimSuffix(u.Path, "/") + "/ngsi-ld/v1/temporal/entities"
	}
	types := opts.Types
	if len(types) == 0 {
		types = DefaultTemporalTypes
	}
	limit := opts.PageSize
	if limit <= 0 {
		limit = 100
	}
	q := u.Query()
	q.Set("type", strings.Join(types, ","))
	q.Set("timerel", "after")
	q.Set("timeAt", opts.Since.UTC().Format(time.RFC3339))
	q.Set("limit", strconv.Itoa(limit))
	q.Set("count", "true")
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// withOffset returns page with its offset parameter set to offset.
func withOffset(page string, offset int) string {
	u, err := url.Parse(page)
	if err != nil {
		return ""
	}
	q := u.Query()
	q.Set("offset", strconv.Itoa(offset))
	u.RawQuery = q.Encode()
	return u.String()
}

// maxHistoryPage bounds the bytes of one page.
const maxHistoryPage = 64 << 20

// getPage fetches one page; an answer other than 200 is an error naming
// its status.
func getPage(ctx context.Context, client *http.Client, page string, h http.Header) ([]byte, http.Header, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, page, nil)
	if err != nil {
		return nil, nil, err
	}
	for k, v := range h {
		req.Header[k] = v
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its text holds the URL unredacted
		}
		return nil, nil, fmt.Errorf("history %s: %w", RedactURL(page), err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, nil, fmt.Errorf("history %s: %s", RedactURL(page), resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxHistoryPage+1))
	if err != nil {
		return nil, nil, fmt.Errorf("history %s: %w", RedactURL(page), err)
	}
	if len(body) > maxHistoryPage {
		return nil, nil, fmt.Errorf("history %s: page over %d MiB", RedactURL(page), maxHistoryPage>>20)
	}
	return body, resp.Header, nil
}

// nextLink returns the target of a Link header's rel="next", resolved
// against page, or "".
func nextLink(links []string, page string) string {
	for _, h := range links {
		for _, l := range strings.Split(h, ",") {
			target, params, ok := strings.Cut(strings.TrimSpace(l), ";")
			if !ok || !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") {
				continue
			}
			if !slices.ContainsFunc(strings.Split(params, ";"), func(p string) bool {
				p = strings.ReplaceAll(strings.TrimSpace(p), " ", "")
				return p == `rel="next"` || p == "rel=next"
			}) {
				continue
			}
			base, err1 := url.Parse(page)
			ref, err2 := url.Parse(target[1 : len(target)-1])
			if err1 != nil || err2 != nil {
				return ""
			}
			return base.ResolveReference(ref).String()
		}
	}
	return ""
}
