using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

[Authorize]
public class HomeController(IConfiguration configuration, IHttpClientFactory httpClients) : Controller
{
    public IActionResult Index() => RedirectToAction(nameof(Account));

    public async Task<IActionResult> Account()
    {
        var token = await HttpContext.GetTokenAsync("access_token") ?? "";
        var userId = User.FindFirst("sub")?.Value ?? "";

        // Optional: the user as the Management API gives it, printed into the tag so the list shows
        // without a request from the browser. Leave it null and the element fetches it itself.
        string? userJson = null;
        var client = httpClients.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.GetAsync($"https://{configuration["Auth0:Domain"]}/api/v2/users/{Uri.EscapeDataString(userId)}");
        if (response.IsSuccessStatusCode) userJson = await response.Content.ReadAsStringAsync();

        return View(new AccountViewModel(token, userId, userJson));
    }
}

public record AccountViewModel(string AccessToken, string UserId, string? UserJson);
