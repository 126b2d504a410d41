using System.Net.Http.Headers;
using System.Text.Json;
using CodeFormer.Testing;
using OpenQA.Selenium;

namespace CodeFormer.Backend.Tests.Browser;

/// <summary>
/// The try-it page in a real browser against <c>serve</c> over the folder store: a shared photo goes through the
/// page's upload, stages and result, the before/after slider moves, and a file that is not an image shows the
/// server's own error text.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WebPageTests(FolderServeFixture serve) : IClassFixture<FolderServeFixture>
{
    [Fact]
    public void A_shared_photo_uploaded_through_the_page_comes_back_restored_with_a_working_slider()
    {
        using var browser = new HeadlessChromium();
        var driver = browser.Driver;
        driver.Navigate().GoToUrl(serve.Client.BaseAddress!);
        Assert.Equal("CodeFormer — restore the faces in a photo", driver.Title);

        driver.FindElement(By.Id("file")).SendKeys(SharedData.File("faces", "whole", "05.jpg"));
        Assert.Contains("05.jpg", driver.FindElement(By.Id("drop-text")).Text);
        browser.Screenshot("page-picked");
        driver.FindElement(By.Id("restore")).Click();

        var after = driver.FindElement(By.Id("after"));
        browser.WaitUntil(() => driver.FindElement(By.Id("result")).Displayed && Convert.ToInt64(driver.ExecuteScript("return arguments[0].naturalWidth", after)) > 0,
            "the restored image");
        // 05.jpg is 191 × 264: enlarged to a 512 short side as the official helper does, then the default upscale 2.
        Assert.Equal(1024L, Convert.ToInt64(driver.ExecuteScript("return arguments[0].naturalWidth", after)));
        Assert.InRange(Convert.ToInt64(driver.ExecuteScript("return arguments[0].naturalHeight", after)), 1414L, 1418L);
        Assert.Equal("1 face(s) found", driver.FindElement(By.Id("faces")).Text);
        Assert.All(driver.FindElements(By.CssSelector("#stages li")), li => Assert.Contains("reached", li.GetAttribute("class")));
        Assert.StartsWith("blob:", driver.FindElement(By.Id("download")).GetAttribute("href"));

        var clip = driver.FindElement(By.Id("before-clip"));
        double half = clip.Size.Width;
        driver.ExecuteScript("const s = document.getElementById('slider'); s.value = 20; s.dispatchEvent(new Event('input'));");
        Assert.Equal("20%", driver.ExecuteScript("return document.getElementById('before-clip').style.width"));
        Assert.True(clip.Size.Width < half, $"the before image did not narrow: {clip.Size.Width} px, was {half} px");
        browser.Screenshot("page-result");
    }

    [Fact]
    public async Task A_file_that_is_not_an_image_shows_the_servers_error_text()
    {
        string path = Path.Combine(Path.GetTempPath(), $"not-a-photo-{Guid.NewGuid():N}.jpg");
        await File.WriteAllTextAsync(path, "this is text, not a JPEG");
        try
        {
            using var content = new MultipartFormDataContent();
            var part = new ByteArrayContent(await File.ReadAllBytesAsync(path));
            part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            content.Add(part, "image", Path.GetFileName(path));
            using var direct = await serve.Client.PostAsync("api/restorations", content);
            using var problem = JsonDocument.Parse(await direct.Content.ReadAsStringAsync());
            string expected = $"{problem.RootElement.GetProperty("title").GetString()}: {problem.RootElement.GetProperty("detail").GetString()}";

            using var browser = new HeadlessChromium();
            var driver = browser.Driver;
            driver.Navigate().GoToUrl(serve.Client.BaseAddress!);
            driver.FindElement(By.Id("file")).SendKeys(path);
            driver.FindElement(By.Id("restore")).Click();
            var error = driver.FindElement(By.Id("error"));
            browser.WaitUntil(() => error.Displayed, "the error message");

            Assert.Equal(expected, error.Text);
            Assert.False(driver.FindElement(By.Id("result")).Displayed);
            browser.Screenshot("page-error");
        }
        finally
        {
            File.Delete(path);
        }
    }
}

/// <summary>One browser at a time: two Chromium instances at once would only compete for the two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}
