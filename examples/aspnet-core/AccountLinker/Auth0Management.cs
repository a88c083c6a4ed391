// A small client of the Auth0 Management API v2 over HttpClient, as Auth0 documents it for servers:
// a machine-to-machine token (client_credentials, audience {tenant}/api/v2/, scopes read:users
// update:users), cached until shortly before it expires; 429 answered by waiting as Retry-After says
// (once); the users' IdP tokens never leave this class (Present strips them).
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace AccountLinkerExample.AccountLinker;

/// <summary>An Auth0 error the controller turns into {code, message} with a status.</summary>
public sealed class LinkerException(int status, string code, string message, TimeSpan? retryAfter = null) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>The M2M token, one per process, renewed a minute before it expires.</summary>
public sealed class ManagementTokenCache
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private string? token;
    private DateTimeOffset expires;

    public async Task<string> GetAsync(Func<Task<(string Token, int ExpiresIn)>> fetch)
    {
        if (token is not null && DateTimeOffset.UtcNow < expires) return token;
        await gate.WaitAsync();
        try
        {
            if (token is not null && DateTimeOffset.UtcNow < expires) return token;
            var (value, expiresIn) = await fetch();
            token = value;
            expires = DateTimeOffset.UtcNow.AddSeconds(Math.Max(0, expiresIn - 60));
            return token;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Forget() => token = null;
}

public sealed class Auth0Management(HttpClient http, ManagementTokenCache cache, IOptions<Auth0Options> options)
{
    private readonly Auth0Options o = options.Value;
    private string Api => o.Issuer + "/api/v2";

    // [duty:m2m-token] The Management API is called with a machine-to-machine token (client_credentials,
    // read:users update:users), never with the user's token; it stays in this process (cache).
    private Task<string> TokenAsync() => cache.GetAsync(async () =>
    {
        using var response = await http.PostAsJsonAsync(o.Issuer + "/oauth/token", new
        {
            grant_type = "client_credentials",
            client_id = o.ManagementClientId,
            client_secret = o.ManagementClientSecret,
            audience = o.Issuer + "/api/v2/",
        });
        if (!response.IsSuccessStatusCode) throw await FailureAsync(response);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>() ?? throw Bad();
        var token = body["access_token"]?.GetValue<string>() ?? throw Bad();
        return (token, body["expires_in"]?.GetValue<int>() ?? 3600);
    });

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? json = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, Api + path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync());
            if (json is not null) request.Content = JsonContent.Create(json);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request);
            }
            catch (HttpRequestException)
            {
                throw new LinkerException(502, "network", "Auth0 could not be reached; try again.");
            }
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
            {
                cache.Forget(); // revoked or rotated: one new token
                response.Dispose();
                continue;
            }
            // [duty:rate-limit] 429: wait as Retry-After says (at most 5 s), once; then say so.
            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt == 0)
            {
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                response.Dispose();
                await Task.Delay(wait > TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) : wait);
                continue;
            }
            if (!response.IsSuccessStatusCode)
            {
                var failure = await FailureAsync(response);
                response.Dispose();
                throw failure;
            }
            return response;
        }
    }

    /// <summary>GET /api/v2/users/{id}: the full user, identities included.</summary>
    public async Task<JsonObject> GetUserAsync(string userId)
    {
        using var response = await SendAsync(HttpMethod.Get, "/users/" + Uri.EscapeDataString(userId));
        return await response.Content.ReadFromJsonAsync<JsonObject>() ?? throw Bad();
    }

    // [duty:link-m2m] POST /api/v2/users/{primary}/identities {provider, user_id}: the server-side
    // recipe (no link_with from a browser).
    public async Task<JsonArray> LinkAsync(string primaryUserId, string provider, string secondaryUserId)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/users/{Uri.EscapeDataString(primaryUserId)}/identities",
            new { provider, user_id = secondaryUserId });
        return await response.Content.ReadFromJsonAsync<JsonArray>() ?? throw Bad();
    }

    /// <summary>DELETE /api/v2/users/{primary}/identities/{provider}/{user_id}: the identities left.</summary>
    public async Task<JsonArray> UnlinkAsync(string primaryUserId, string provider, string secondaryUserId)
    {
        using var response = await SendAsync(HttpMethod.Delete,
            $"/users/{Uri.EscapeDataString(primaryUserId)}/identities/{Uri.EscapeDataString(provider)}/{Uri.EscapeDataString(secondaryUserId)}");
        return await response.Content.ReadFromJsonAsync<JsonArray>() ?? throw Bad();
    }

    // [duty:suggestions] GET /api/v2/users-by-email (read:users); the caller keeps verified emails only.
    public async Task<JsonArray> UsersByEmailAsync(string email)
    {
        using var response = await SendAsync(HttpMethod.Get, "/users-by-email?email=" + Uri.EscapeDataString(email));
        return await response.Content.ReadFromJsonAsync<JsonArray>() ?? throw Bad();
    }

    // [duty:no-token] What the browser may see of an identity: an allow-list; IdP tokens
    // (access_token, refresh_token, access_token_secret, expires_in) are dropped.
    public static JsonObject PresentIdentity(JsonNode identity)
    {
        var presented = new JsonObject();
        foreach (var field in new[] { "provider", "user_id", "connection", "isSocial" })
            if (identity[field] is JsonNode value) presented[field] = value.DeepClone();
        if (identity["profileData"] is JsonObject profile)
        {
            var data = new JsonObject();
            foreach (var field in new[] { "email", "email_verified", "name", "nickname", "picture", "given_name", "family_name" })
                if (profile[field] is JsonNode value) data[field] = value.DeepClone();
            presented["profileData"] = data;
        }
        return presented;
    }

    public static JsonObject PresentUser(JsonObject user, JsonArray? identities = null)
    {
        var presented = new JsonObject();
        foreach (var field in new[] { "user_id", "email", "email_verified", "name", "nickname", "picture" })
            if (user[field] is JsonNode value) presented[field] = value.DeepClone();
        presented["identities"] = new JsonArray((identities ?? user["identities"] as JsonArray ?? new JsonArray())
            .Where(identity => identity is not null).Select(identity => (JsonNode)PresentIdentity(identity!)).ToArray());
        return presented;
    }

    private static LinkerException Bad() => new(502, "bad-response", "Auth0 answered something unexpected.");

    private static async Task<LinkerException> FailureAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        string? message = null;
        try
        {
            var body = await response.Content.ReadFromJsonAsync<JsonObject>();
            message = body?["message"]?.GetValue<string>() ?? body?["error_description"]?.GetValue<string>();
        }
        catch (JsonException)
        {
            // an HTML page or nothing: the status says enough
        }
        var retryAfter = response.Headers.RetryAfter?.Delta;
        return status switch
        {
            401 or 403 => new LinkerException(502, "insufficient-scope", "The server's Auth0 application may not do this (read:users update:users)."),
            404 => new LinkerException(404, "http", "Auth0 does not know this user."),
            409 => new LinkerException(409, "already-linked", message ?? "That account is already linked."),
            429 => new LinkerException(429, "http", "Auth0 is busy; try again in a moment.", retryAfter),
            _ => new LinkerException(502, "http", $"Auth0 answered {status}."),
        };
    }
}
