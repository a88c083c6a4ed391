// The server half of <account-linker mode="server" endpoint="/account/identities">: the requests of
// the contract's "Server mode" table, and the duties of its list, each marked [duty:…] where it is
// met. Answers are JSON, errors {code, message} with a status; the callback alone answers a redirect
// or a short page. No token of any kind is put in an answer, a header, a cookie value or a URL.
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AccountLinkerExample.AccountLinker;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace AccountLinkerExample.Controllers;

[Route("account/identities")] // = AccountLinker:Endpoint; the tenant's callback URL is …/account/identities/callback
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed partial class AccountIdentitiesController(
    Auth0Management management,
    SecondSignIn signIn,
    LinkCookies cookies,
    IOptions<Auth0Options> options) : ControllerBase
{
    private readonly Auth0Options o = options.Value;

    private string AppOrigin => $"{Request.Scheme}://{Request.Host}";
    private string CallbackUrl => $"{AppOrigin}{Request.PathBase}{o.Endpoint}/callback";

    public sealed record LinkBody(string? Connection, string? ReturnTo, bool? Popup);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex ConnectionName();

    private static ObjectResult Error(int status, string code, string message) =>
        new(new { code, message }) { StatusCode = status };

    private ObjectResult Error(LinkerException error)
    {
        if (error.RetryAfter is TimeSpan wait) Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString();
        return Error(error.Status, error.Code, error.Message);
    }

    // [duty:csrf] A POST or DELETE needs `X-Account-Linker: 1` and the app's own Origin (or, without
    // Origin, Sec-Fetch-Site: same-origin); a GET is refused when the browser says it is cross-site.
    // Otherwise 403 {code: "csrf"}.
    private ObjectResult? RefuseCrossSite(bool write)
    {
        var origin = Request.Headers.Origin.ToString();
        var site = Request.Headers["Sec-Fetch-Site"].ToString();
        bool refused;
        if (write)
        {
            var sameOrigin = origin.Length > 0 ? origin == AppOrigin : site == "same-origin";
            refused = Request.Headers["X-Account-Linker"].ToString() != "1" || !sameOrigin;
        }
        else
        {
            refused = site is "cross-site" or "same-site" || (origin.Length > 0 && origin != AppOrigin);
        }
        return refused ? Error(403, "csrf", "The request was refused as cross-site.") : null;
    }

    // [duty:signed-in] The user comes from the app's own session (the sign-in cookie); none: 401
    // missing-token, for every request.
    private string? SignedInUser() => User.Identity?.IsAuthenticated == true ? User.FindFirst("sub")?.Value : null;

    private static ObjectResult SignedOut() => Error(401, "missing-token", "You are not signed in; sign in again.");

    // GET {endpoint}: the user object, IdP tokens removed.
    [HttpGet("")]
    public async Task<IActionResult> List()
    {
        if (RefuseCrossSite(write: false) is { } refused) return refused;
        if (SignedInUser() is not { } userId) return SignedOut();
        try
        {
            return Ok(Auth0Management.PresentUser(await management.GetUserAsync(userId)));
        }
        catch (LinkerException error)
        {
            return Error(error);
        }
    }

    // POST {endpoint}/link {connection?, returnTo, popup}: 200 {url} of the tenant's /authorize.
    [HttpPost("link")]
    [RequestSizeLimit(4096)]
    public async Task<IActionResult> Link([FromBody] LinkBody? body)
    {
        if (RefuseCrossSite(write: true) is { } refused) return refused;
        if (SignedInUser() is not { } userId) return SignedOut();
        if (body is null) return Error(400, "bad-request", "The body must be a JSON object.");
        // [duty:return-to] returnTo only as a path of this app: "/…", never "//…" or "/\…", nothing absolute.
        var returnTo = body.ReturnTo;
        if (returnTo is null || returnTo.Length > 512 || !returnTo.StartsWith('/') || returnTo.StartsWith("//")
            || returnTo.Contains('\\') || returnTo.Any(char.IsControl) || !Url.IsLocalUrl(returnTo))
            return Error(400, "bad-request", "returnTo must be a path of this app, like /account.");
        if (body.Connection is not null && !ConnectionName().IsMatch(body.Connection))
            return Error(400, "bad-request", "connection must be the name of a connection.");
        try
        {
            var authorization = await signIn.StartAsync(CallbackUrl, body.Connection);
            // [duty:transaction] state, nonce, PKCE verifier, the user's id, returnTo and popup, kept in
            // this browser's protected cookie (bound to this session), 10 minutes, single use (the
            // callback removes it before anything else).
            var tx = new LinkTransaction(authorization.State, authorization.Nonce, authorization.Verifier, userId, returnTo,
                body.Popup == true, body.Connection, LinkCookies.Now());
            cookies.WriteTransactions(HttpContext, [.. cookies.ReadTransactions(Request), tx]);
            return Ok(new { url = authorization.Url });
        }
        catch (LinkerException error)
        {
            return Error(error);
        }
        catch (Exception error) when (error is HttpRequestException or InvalidOperationException)
        {
            return Error(502, "network", "Auth0 could not be reached; try again."); // discovery or the network
        }
    }

    // GET {endpoint}/callback?code&state: the tenant's return (a navigation, so no CSRF header).
    [HttpGet("callback")]
    public async Task<IActionResult> Callback([FromQuery] string? code, [FromQuery] string? state,
        [FromQuery] string? error, [FromQuery(Name = "error_description")] string? errorDescription)
    {
        if (SignedInUser() is not { } userId)
            return FailurePage(401, "missing-token", "You are not signed in any more, so nothing was linked. Sign in again and start again.");
        var all = cookies.ReadTransactions(Request);
        // [duty:state-bound] Only a state this browser session started: a code and state obtained
        // elsewhere (or replayed) find no transaction here, and nothing is linked. 400, a short page.
        var tx = state is null ? null : all.FirstOrDefault(candidate => CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(candidate.State), Encoding.UTF8.GetBytes(state)));
        if (tx is null)
            return FailurePage(400, "state-mismatch", "This sign-in was not started from this browser session (or was already used), so nothing was linked. Start again from the app.");
        cookies.WriteTransactions(HttpContext, all.Where(candidate => candidate != tx)); // single use

        var outcome = await FinishAsync(tx, userId, code, error, errorDescription);
        // [duty:result] The outcome waits in a protected cookie for GET /result, for this user only.
        cookies.WriteResult(HttpContext, outcome);
        // [duty:popup] A popup's callback tells the opener (the app's origin only) to ask /result, and closes.
        if (tx.Popup) return PopupPage();
        // [duty:callback-redirect] 303 to returnTo with account_linker=done only: no outcome, text or id in the URL.
        var back = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(Request.PathBase + tx.ReturnTo, "account_linker", "done");
        Response.Headers.Location = back;
        return StatusCode(303);
    }

    private async Task<StoredResult> FinishAsync(LinkTransaction tx, string userId, string? code, string? error, string? errorDescription)
    {
        var expires = LinkCookies.Now() + (long)LinkCookies.Lifetime.TotalMilliseconds;
        StoredResult Failed(string failure, string message) => new(userId, false, null, null, failure, message, expires);
        if (tx.UserId != userId) return Failed("state-mismatch", "This link was started by another user of this browser; start again.");
        // [duty:expired] An expired transaction of this session returns as usual; /result says state-mismatch.
        if (LinkCookies.IsExpired(tx)) return Failed("state-mismatch", "The link took longer than 10 minutes; start again.");
        if (error is not null) return Failed("authorize-error", (errorDescription ?? error)[..Math.Min(300, (errorDescription ?? error).Length)]);
        if (string.IsNullOrEmpty(code)) return Failed("bad-response", "Auth0 returned without a code.");
        try
        {
            var account = await signIn.FinishAsync(code, tx, CallbackUrl);
            // [duty:unverified-email] An email that is not verified: refused.
            if (account.Email is not null && !account.EmailVerified)
                return Failed("unverified-email", "The other account's email address is not verified, so it cannot be linked.");
            // [duty:already-linked] The signed-in user's own account (or one already linked): refused.
            if (account.Sub == userId) return Failed("already-linked", "That is the account you are signed in with.");
            var bar = account.Sub.IndexOf('|');
            if (bar <= 0 || bar == account.Sub.Length - 1) return Failed("bad-response", "The other account's id is not provider|id.");
            var (provider, secondaryId) = (account.Sub[..bar], account.Sub[(bar + 1)..]);
            var user = await management.GetUserAsync(userId);
            if (Identities(user).Any(identity => $"{identity["provider"]}|{IdOf(identity)}" == account.Sub))
                return Failed("already-linked", "That account is already linked to yours.");
            await management.LinkAsync(userId, provider, secondaryId);
            return new StoredResult(userId, true, provider, secondaryId, null, null, expires);
        }
        catch (LinkerException failure)
        {
            return Failed(failure.Code, failure.Message);
        }
        catch (Exception error) when (error is HttpRequestException or InvalidOperationException)
        {
            return Failed("network", "Auth0 could not be reached; try again.");
        }
    }

    // GET {endpoint}/result: {ok: true, added, identities} or {ok: false, code, message}; 204 when none.
    [HttpGet("result")]
    public async Task<IActionResult> Result()
    {
        if (RefuseCrossSite(write: false) is { } refused) return refused;
        if (SignedInUser() is not { } userId) return SignedOut();
        var stored = cookies.ReadResult(Request);
        if (stored is null || stored.UserId != userId) return NoContent();
        if (!stored.Ok)
        {
            cookies.ClearResult(HttpContext); // single use
            return Ok(new { ok = false, code = stored.Code, message = stored.Message });
        }
        try
        {
            var identities = Identities(await management.GetUserAsync(userId)).Select(Auth0Management.PresentIdentity).ToList();
            var added = identities.FirstOrDefault(identity => identity["provider"]?.ToString() == stored.Provider && IdOf(identity) == stored.SecondaryUserId)
                ?? new JsonObject { ["provider"] = stored.Provider, ["user_id"] = stored.SecondaryUserId, ["connection"] = stored.Provider, ["isSocial"] = false };
            cookies.ClearResult(HttpContext); // single use, once the answer is sure
            return Ok(new JsonObject { ["ok"] = true, ["added"] = added.DeepClone(), ["identities"] = new JsonArray([.. identities]) });
        }
        catch (LinkerException error)
        {
            return Error(error); // the result stays for a retry
        }
    }

    // DELETE {endpoint}/identities/{provider}/{user_id}: the user object without it.
    [HttpDelete("identities/{provider}/{secondaryId}")]
    public async Task<IActionResult> Unlink(string provider, string secondaryId)
    {
        if (RefuseCrossSite(write: true) is { } refused) return refused;
        if (SignedInUser() is not { } userId) return SignedOut();
        try
        {
            var user = await management.GetUserAsync(userId);
            var identities = Identities(user).ToList();
            // [duty:unlink] Only an identity of the signed-in user (checked against the user's list first:
            // Auth0 answers 200 for one that is not linked), and never the primary.
            var identity = identities.FirstOrDefault(candidate => candidate["provider"]?.ToString() == provider && IdOf(candidate) == secondaryId);
            if (identity is null) return Error(404, "not-linked", "That identity is not linked to your account.");
            if (identity == identities.FirstOrDefault() || $"{provider}|{secondaryId}" == user["user_id"]?.ToString())
                return Error(400, "primary-identity", "The identity you sign in with first cannot be unlinked.");
            var left = await management.UnlinkAsync(userId, provider, secondaryId);
            return Ok(Auth0Management.PresentUser(user, left));
        }
        catch (LinkerException error)
        {
            return Error(error);
        }
    }

    // GET {endpoint}/suggestions: other users whose verified email is the signed-in user's verified email.
    [HttpGet("suggestions")]
    public async Task<IActionResult> Suggestions()
    {
        if (RefuseCrossSite(write: false) is { } refused) return refused;
        if (SignedInUser() is not { } userId) return SignedOut();
        try
        {
            var user = await management.GetUserAsync(userId);
            // [duty:suggestions-verified] Only when both emails are verified: other users' accounts, not linked yet.
            var email = user["email"]?.ToString();
            if (string.IsNullOrEmpty(email) || user["email_verified"]?.GetValue<bool>() != true) return Ok(new { suggestions = Array.Empty<object>() });
            var mine = Identities(user).Select(identity => $"{identity["provider"]}|{IdOf(identity)}").ToHashSet();
            var found = new List<JsonObject>();
            // Auth0's email match is case-sensitive (database emails are stored in lower case).
            foreach (var candidate in new[] { email, email.ToLowerInvariant() }.Distinct())
                found.AddRange((await management.UsersByEmailAsync(candidate)).OfType<JsonObject>());
            var suggestions = found
                .Where(other => other["user_id"]?.ToString() != userId && other["email_verified"]?.GetValue<bool>() == true
                    && string.Equals(other["email"]?.ToString(), email, StringComparison.OrdinalIgnoreCase))
                .Select(other => Identities(other).FirstOrDefault())
                .OfType<JsonObject>()
                .Select(Auth0Management.PresentIdentity)
                .Where(identity => !mine.Contains($"{identity["provider"]}|{IdOf(identity)}"))
                .DistinctBy(identity => $"{identity["provider"]}|{IdOf(identity)}")
                .ToList();
            return Ok(new JsonObject { ["suggestions"] = new JsonArray([.. suggestions]) });
        }
        catch (LinkerException error)
        {
            return Error(error);
        }
    }

    private static IEnumerable<JsonObject> Identities(JsonObject user) => (user["identities"] as JsonArray ?? new JsonArray()).OfType<JsonObject>();

    /// <summary>user_id as text (Auth0 sends some as numbers, e.g. GitHub's).</summary>
    private static string? IdOf(JsonObject identity) => identity["user_id"]?.ToString();

    private ContentResult Html(int status, string html, string csp)
    {
        Response.Headers.ContentSecurityPolicy = csp;
        Response.Headers["Referrer-Policy"] = "no-referrer";
        return new ContentResult { StatusCode = status, ContentType = "text/html; charset=utf-8", Content = html };
    }

    /// <summary>A short page that names the failure; nothing from the request is echoed.</summary>
    private ContentResult FailurePage(int status, string code, string sentence)
    {
        var encode = HtmlEncoder.Default;
        return Html(status,
            $"<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Account linking failed</title><h1>Account linking failed</h1><p>{encode.Encode(sentence)}</p><p>Code: <code>{encode.Encode(code)}</code></p><p><a href=\"{encode.Encode(AppOrigin)}/\">Back to the app</a></p></html>",
            "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    }

    private ContentResult PopupPage()
    {
        var target = JavaScriptEncoder.Default.Encode(AppOrigin);
        var script = $"try{{window.opener&&window.opener.postMessage({{type:\"account-linker:result\"}},\"{target}\")}}finally{{window.close()}}";
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)));
        return Html(200,
            $"<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Account linking</title><p>You can close this window.</p><script>{script}</script></html>",
            $"default-src 'none'; script-src 'sha256-{hash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    }
}
