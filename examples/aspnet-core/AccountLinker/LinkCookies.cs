// Transactions and results in cookies protected by ASP.NET Core Data Protection (encrypted and
// authenticated; one purpose each, so a transaction cookie cannot be replayed as a result): the
// server keeps no state of its own, and every instance that shares the key ring can finish a link.
// Both cookies: HttpOnly, SameSite=Lax, Secure over https, Path = the endpoint.
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace AccountLinkerExample.AccountLinker;

/// <summary>What the callback needs to finish a link this browser started; never a token.</summary>
public sealed record LinkTransaction(string State, string Nonce, string Verifier, string UserId, string ReturnTo, bool Popup, string? Connection, long Created);

/// <summary>A link's outcome for GET {endpoint}/result, for one user.</summary>
public sealed record StoredResult(string UserId, bool Ok, string? Provider, string? SecondaryUserId, string? Code, string? Message, long Expires);

public sealed class LinkCookies(IDataProtectionProvider provider, IOptions<Auth0Options> options)
{
    public const string TransactionCookie = "account_linker_tx";
    public const string ResultCookie = "account_linker_result";
    /// <summary>A transaction may be finished within 10 minutes.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    /// <summary>An expired one is remembered an hour, so its callback can still return and say state-mismatch.</summary>
    private static readonly TimeSpan Memory = TimeSpan.FromHours(1);
    private const int MaxTransactions = 8;

    private readonly IDataProtector transactions = provider.CreateProtector("AccountLinker.Transactions.v1");
    private readonly IDataProtector results = provider.CreateProtector("AccountLinker.Result.v1");
    private readonly string path = options.Value.Endpoint;

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public static bool IsExpired(LinkTransaction tx) => Now() - tx.Created > Lifetime.TotalMilliseconds;

    private CookieOptions CookieOptionsFor(HttpRequest request, TimeSpan maxAge) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = request.IsHttps,
        Path = path,
        MaxAge = maxAge,
    };

    private static T? Open<T>(IDataProtector protector, string? value) where T : class
    {
        if (string.IsNullOrEmpty(value)) return null;
        try
        {
            return JsonSerializer.Deserialize<T>(protector.Unprotect(value));
        }
        catch (Exception error) when (error is System.Security.Cryptography.CryptographicException or JsonException)
        {
            return null; // tampered with, another app's, or an old key: as if absent
        }
    }

    public List<LinkTransaction> ReadTransactions(HttpRequest request) =>
        (Open<List<LinkTransaction>>(transactions, request.Cookies[TransactionCookie]) ?? [])
            .Where(tx => Now() - tx.Created <= Memory.TotalMilliseconds).ToList();

    public void WriteTransactions(HttpContext context, IEnumerable<LinkTransaction> list)
    {
        var kept = list.Where(tx => Now() - tx.Created <= Memory.TotalMilliseconds).OrderBy(tx => tx.Created).TakeLast(MaxTransactions).ToList();
        if (kept.Count == 0)
        {
            context.Response.Cookies.Delete(TransactionCookie, CookieOptionsFor(context.Request, TimeSpan.Zero));
            return;
        }
        context.Response.Cookies.Append(TransactionCookie, transactions.Protect(JsonSerializer.Serialize(kept)), CookieOptionsFor(context.Request, Memory));
    }

    public StoredResult? ReadResult(HttpRequest request)
    {
        var stored = Open<StoredResult>(results, request.Cookies[ResultCookie]);
        return stored is not null && stored.Expires > Now() ? stored : null;
    }

    public void WriteResult(HttpContext context, StoredResult result) =>
        context.Response.Cookies.Append(ResultCookie, results.Protect(JsonSerializer.Serialize(result)), CookieOptionsFor(context.Request, Lifetime));

    public void ClearResult(HttpContext context) =>
        context.Response.Cookies.Delete(ResultCookie, CookieOptionsFor(context.Request, TimeSpan.Zero));
}
